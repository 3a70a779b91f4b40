/**
 * The Docker host the scanners run on. They read it, not the rule file: which unit file systemd reports
 * (`systemctl show -p FragmentPath`), what docker-bench-security's get_service_file finds, which files
 * exist. `auditd.cis.host` names a layout (a docker-ce installation on the RHEL or the Debian family);
 * with `auditd.cis.applicability: host` the machine running the analysis is the host, through HostFacts.
 * What only the real host can tell (an /etc/systemd/system override, a file the admin creates) is an
 * assumption the verdict states.
 */
import { AUDIT_DIR, AUDIT_WATCH } from '../auditctl/tables';
import type { BuiltRule } from '../auditctl/types';
import type { HostFacts } from '../settings';

/** Whether a docker-ce installation has a path: certainly, certainly not, or as the host was set up. */
type Presence = 'yes' | 'no' | 'varies';

interface HostLayout {
  /** "a RHEL-family docker-ce host", as verdicts name it. */
  label: string;
  /** Where the docker-ce package installs docker.service and docker.socket: systemd's FragmentPath. */
  unitDir: string;
  /** The files docker-ce has here beyond those of every layout (paths as `presenceKey` spells them). */
  files: Readonly<Record<string, Presence>>;
  /** Directories the distribution does not have, in which the kernel cannot place a watch. */
  absentDirs: readonly string[];
}

/**
 * The packages of download.docker.com: docker-ce, docker-ce-cli and containerd.io. Paths not listed
 * here are absent (the old bundled docker-runc and docker-containerd, /usr/sbin/runc, /etc/sysconfig/docker).
 */
const DOCKER_CE: Readonly<Record<string, Presence>> = {
  '/usr/bin/docker': 'yes',
  '/usr/bin/dockerd': 'yes',
  '/var/lib/docker': 'yes',
  '/run/containerd': 'yes',
  '/run/containerd/containerd.sock': 'yes',
  // moby contrib/init/systemd/docker.socket: ListenStream=/run/docker.sock
  '/run/docker.sock': 'yes',
  '/usr/bin/containerd': 'yes',
  // containerd-packaging rpm/containerd.spec: "move runc binary to %_bindir" (2019); the deb does the same.
  '/usr/bin/runc': 'yes',
  '/usr/bin/containerd-shim-runc-v2': 'yes',
  // containerd 1.x ships them, 2.x removed them.
  '/usr/bin/containerd-shim': 'varies',
  '/usr/bin/containerd-shim-runc-v1': 'varies',
  // containerd-packaging common/containerd.toml, installed by containerd.io.
  '/etc/containerd/config.toml': 'yes',
  // Written by the admin; docker-ce creates none.
  '/etc/docker/daemon.json': 'varies',
};

export const HOST_LAYOUTS: Readonly<Record<string, HostLayout>> = {
  rhel: {
    label: 'a RHEL, Fedora or Amazon Linux docker-ce host',
    // docker-ce-packaging rpm/SPECS/docker-ce.spec: `%{_unitdir}/docker.service`.
    unitDir: '/usr/lib/systemd/system',
    files: {
      ...DOCKER_CE,
      '/usr/lib/systemd/system/docker.service': 'yes',
      '/usr/lib/systemd/system/docker.socket': 'yes',
      // The rpm creates no /etc/docker; dockerd or the admin may.
      '/etc/docker': 'varies',
    },
    absentDirs: [],
  },
  debian: {
    label: 'a Debian or Ubuntu docker-ce host',
    // docker-ce-packaging deb/common/rules: `install -D -m 0644 … debian/docker-ce/lib/systemd/system/docker.service`.
    unitDir: '/lib/systemd/system',
    files: {
      ...DOCKER_CE,
      '/usr/lib/systemd/system/docker.service': 'yes',
      '/usr/lib/systemd/system/docker.socket': 'yes',
      // deb/common/docker-ce.dirs: /etc/docker; deb/common/docker-ce.docker.default: /etc/default/docker.
      '/etc/docker': 'yes',
      '/etc/default/docker': 'yes',
    },
    // /etc/sysconfig is the RHEL family's.
    absentDirs: ['/etc/sysconfig'],
  },
};

/** Where a scanner's path comes from on the host. */
export type PathSource =
  | { fixed: string }
  /** docker-bench-security's get_service_file NAME. */
  | { serviceFile: string }
  /** `systemctl show -p FragmentPath UNIT`. */
  | { fragmentPath: string }
  /** The ListenStream= of the docker.socket unit (aquasecurity's 1.1.9). */
  | { listenStream: 'docker.socket' }
  /** The quoted value on the containerd.sock line of /etc/containerd/config.toml (aquasecurity's 1.1.8). */
  | { containerdAddress: 'config.toml' };

interface ResolvedPath {
  /** The path the scanner uses ('' when its lookup finds none). */
  path: string;
  presence: Presence;
  /** What the path depends on that only the host can tell, if anything. */
  dependsOn?: string;
}

export interface HostView {
  label: string;
  resolve(source: PathSource): ResolvedPath;
  /**
   * Why the kernel on this host refuses a rule, if it does: a watch (path=) needs its directory
   * (audit_get_nd: `kern_path_locked(watch->path, parent)` fails with ENOENT), a dir= rule the
   * directory itself (audit_add_tree_rule: `kern_path(tree->pathname, …)`).
   */
  refuses(rule: BuiltRule): string | undefined;
}

/**
 * The host as a layout describes it, or, when `facts` can tell whether a path exists (applicability
 * host), this machine with the layout's unit directory.
 */
export function hostView(layout: HostLayout, facts: HostFacts | undefined): HostView {
  const exists = facts?.pathExists;
  const presence = (path: string): Presence => (exists ? (path !== '' && exists(path) ? 'yes' : 'no') : path === '' ? 'no' : layout.files[presenceKey(path)] ?? 'no');
  const found = (path: string) => presence(path) !== 'no';
  const override = (name: string) => (exists ? undefined : `there being no /etc/systemd/system/${name} on the host, which it would read instead`);
  const fixed = (path: string): ResolvedPath => {
    const p = presence(path);
    return { path, presence: p, dependsOn: p === 'varies' ? `whether ${path} exists on the host` : undefined };
  };
  const label = exists ? 'this machine' : layout.label;
  const dirMissing = (dir: string) => (exists ? !exists(dir) : layout.absentDirs.includes(presenceKey(dir)));
  return {
    label,
    refuses(rule) {
      for (const f of rule.fields) {
        const path = String(f.value);
        if (f.id === AUDIT_DIR && dirMissing(path)) return `${path} does not exist on ${label}, and the kernel refuses a dir= rule on a missing directory`;
        const parent = path.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || '/';
        if (f.id === AUDIT_WATCH && dirMissing(parent)) return `${parent} does not exist on ${label}, and the kernel refuses a watch in a missing directory (auditctl would stop loading there)`;
      }
      return undefined;
    },
    resolve(source) {
      if ('fixed' in source) return fixed(source.fixed);
      if ('serviceFile' in source) {
        // helper_lib.sh get_service_file (master): /etc/systemd/system/NAME if a file, /lib/systemd/system/NAME
        // if a file, else the first `find /run -name NAME`, which is '' when find finds nothing.
        const name = source.serviceFile;
        const etc = `/etc/systemd/system/${name}`;
        if (exists?.(etc)) return fixed(etc);
        const lib = `/lib/systemd/system/${name}`;
        if (found(lib)) return { ...fixed(lib), dependsOn: override(name) };
        const run = RUN_FILES[name];
        return run && found(run) ? { ...fixed(run), dependsOn: override(name) } : { path: '', presence: 'no' };
      }
      if ('fragmentPath' in source) {
        const unit = source.fragmentPath;
        const etc = `/etc/systemd/system/${unit}`;
        if (exists?.(etc)) return fixed(etc);
        const path = `${layout.unitDir}/${unit}`;
        // `systemctl show -p FragmentPath` of a unit systemd does not know prints `FragmentPath=`.
        return found(path) ? { ...fixed(path), dependsOn: override(unit) } : { path: '', presence: 'no' };
      }
      if ('listenStream' in source) return { ...fixed('/run/docker.sock'), dependsOn: 'the ListenStream= of the docker.socket unit (moby\'s: /run/docker.sock)' };
      return { ...fixed('/run/containerd/containerd.sock'), dependsOn: 'the containerd.sock line of /etc/containerd/config.toml (docker\'s default has one, commented out)' };
    },
  };
}

/** What `find /run -name NAME` finds on a docker-ce host. */
const RUN_FILES: Readonly<Record<string, string>> = {
  'containerd.sock': '/run/containerd/containerd.sock',
  'docker.sock': '/run/docker.sock',
};

/**
 * A path as the layouts list it: /var/run is /run, and /lib, /bin and /sbin are /usr's (merged /usr,
 * on RHEL 7 and later, Debian 12 and Ubuntu 20.04 and later), so `[ -f /lib/systemd/system/docker.service ]`
 * holds wherever the unit is in /usr/lib/systemd/system.
 */
function presenceKey(path: string): string {
  return path.replace(/\/+$/, '').replace(/^\/var\/run(?=\/|$)/, '/run').replace(/^\/(lib|bin|sbin)(?=\/|$)/, '/usr/$1');
}
