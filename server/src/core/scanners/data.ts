/**
 * The five CIS Docker scanners as data: each check with the scanner's own id, the benchmark target it
 * audits (server/data/cis-docker.json), where its path comes from on the host, how it matches, and what
 * it reports when the path does not exist. The comment on each check quotes the scanner's line that
 * decides, from the repository and commit named on the scanner.
 */
import type { PathSource } from './hosts';

type ScannerId = 'docker-bench-security' | 'aqua-docker-bench' | 'datadog' | 'inspec-dev-sec' | 'inspec-mitre';

/**
 * How a check reads the rules:
 * - grep: `auditctl -l | grep PATH` finds a line (a basic regular expression, unanchored: `.` is any character);
 * - grep-flag: aquasecurity's: the lines `grep PATH` selects, then the Go regexp FLAG(?:[^a-zA-Z0-9-_]|$) on them;
 * - watch-path: Datadog's: a kernel rule go-libaudit renders as a file watch, whose path is PATH exactly;
 * - line: InSpec's: `auditctl -l` has a line equal to LINE, `{path}` standing for the path.
 */
export type Match =
  | { kind: 'grep' }
  | { kind: 'grep-flag'; flag: string }
  | { kind: 'watch-path' }
  | { kind: 'line'; line: string };

/**
 * What the scanner does when its path does not exist on the host:
 * - run: it has no existence test and checks the rules all the same;
 * - info: docker-bench-security prints INFO and no verdict (`test` is its test);
 * - error: Datadog's resolver drops the input and the policy reports an error;
 * - skip: MITRE's profile marks the control not applicable.
 */
type WhenAbsent = { kind: 'run' } | { kind: 'info'; test: string } | { kind: 'error' } | { kind: 'skip' };

export interface ScannerCheck {
  /** The scanner's own id: 1.1.9, cis-docker-1.2.7, host-1.11, M-1.9. */
  id: string;
  /** The benchmark target (cis-docker.json `targets`) the check audits. */
  target: string;
  path: PathSource;
  match: Match;
  absent: WhenAbsent;
  /** aquasecurity: an unscored check that fails is a WARN, which is not counted as a FAIL. */
  unscored?: boolean;
}

/** The scanner's own words for its outcomes, as its report prints them. */
interface Outcomes {
  pass: string;
  fail: string;
  /** When the path does not exist and the check reports no verdict (INFO, skipped). */
  absent?: string;
  /** An unscored check that fails (aquasecurity's WARN). */
  unscored?: string;
}

export interface Scanner {
  id: ScannerId;
  says: Outcomes;
  /** What it reads and how, in a few words (hover, report). */
  reads: string;
  /** The repository and commit its checks were read from. */
  source: string;
  checks: ScannerCheck[];
}

// docker/docker-bench-security master ff26d67f25be60fc2d82a01710ee14570b2cb9db, tests/1_host_configuration.sh.
// Every check decides with `if auditctl -l | grep "$file" >/dev/null 2>&1; then` (1.1.3, line 93; the
// unquoted `grep $directory` and `grep $file` of the others match the same, as no path has a space).
// Its existence tests end in `info -c "$check"` / `info "       * File not found"` (INFO, no verdict).
const file = { kind: 'info', test: '[ -f "$file" ]' } as const;
const DOCKER_BENCH: Scanner = {
  id: 'docker-bench-security',
  says: { pass: 'PASS', fail: 'WARN', absent: 'INFO' },
  reads: 'greps `auditctl -l` for the path (a substring of any line; perms and key ignored)',
  source: 'docker/docker-bench-security@ff26d67 (master)',
  checks: [
    // 91: file="/usr/bin/dockerd" — no existence test.
    { id: '1.1.3', target: 'dockerd', path: { fixed: '/usr/bin/dockerd' }, match: { kind: 'grep' }, absent: { kind: 'run' } },
    // 119: file="/run/containerd" — no existence test.
    { id: '1.1.4', target: 'containerd-state', path: { fixed: '/run/containerd' }, match: { kind: 'grep' }, absent: { kind: 'run' } },
    // 147-148: directory="/var/lib/docker" / if [ -d "$directory" ]; then
    { id: '1.1.5', target: 'data-root', path: { fixed: '/var/lib/docker' }, match: { kind: 'grep' }, absent: { kind: 'info', test: '[ -d "$directory" ]' } },
    // 181-182: directory="/etc/docker" / if [ -d "$directory" ]; then
    { id: '1.1.6', target: 'config-dir', path: { fixed: '/etc/docker' }, match: { kind: 'grep' }, absent: { kind: 'info', test: '[ -d "$directory" ]' } },
    // 216-217: file="$(get_service_file docker.service)" / if [ -f "$file" ]; then
    { id: '1.1.7', target: 'docker-service', path: { serviceFile: 'docker.service' }, match: { kind: 'grep' }, absent: file },
    // 251-252: file="$(get_service_file containerd.sock)" / if [ -e "$file" ]; then (v1.6.1 asks for
    // containerd.socket, a unit containerd.io does not ship: always INFO there; master's is the stricter).
    { id: '1.1.8', target: 'containerd-socket', path: { serviceFile: 'containerd.sock' }, match: { kind: 'grep' }, absent: { kind: 'info', test: '[ -e "$file" ]' } },
    // 285-286: file="$(get_service_file docker.socket)" / if [ -e "$file" ]; then — the unit, not the socket (#554).
    { id: '1.1.9', target: 'docker-socket-unit', path: { serviceFile: 'docker.socket' }, match: { kind: 'grep' }, absent: { kind: 'info', test: '[ -e "$file" ]' } },
    // 319-320: file="/etc/default/docker" / if [ -f "$file" ]; then
    { id: '1.1.10', target: 'default-docker', path: { fixed: '/etc/default/docker' }, match: { kind: 'grep' }, absent: file },
    // 353-354: file="/etc/docker/daemon.json"
    { id: '1.1.11', target: 'daemon-json', path: { fixed: '/etc/docker/daemon.json' }, match: { kind: 'grep' }, absent: file },
    // 387-388: file="/etc/containerd/config.toml"
    { id: '1.1.12', target: 'containerd-config', path: { fixed: '/etc/containerd/config.toml' }, match: { kind: 'grep' }, absent: file },
    // 421-422: file="/etc/sysconfig/docker"
    { id: '1.1.13', target: 'sysconfig-docker', path: { fixed: '/etc/sysconfig/docker' }, match: { kind: 'grep' }, absent: file },
    // 455-456: file="/usr/bin/containerd"
    { id: '1.1.14', target: 'containerd', path: { fixed: '/usr/bin/containerd' }, match: { kind: 'grep' }, absent: file },
    // 489-490: file="/usr/bin/containerd-shim"
    { id: '1.1.15', target: 'containerd-shim', path: { fixed: '/usr/bin/containerd-shim' }, match: { kind: 'grep' }, absent: file },
    // 523-524: file="/usr/bin/containerd-shim-runc-v1"
    { id: '1.1.16', target: 'containerd-shim-runc-v1', path: { fixed: '/usr/bin/containerd-shim-runc-v1' }, match: { kind: 'grep' }, absent: file },
    // 557-558: file="/usr/bin/containerd-shim-runc-v2"
    { id: '1.1.17', target: 'containerd-shim-runc-v2', path: { fixed: '/usr/bin/containerd-shim-runc-v2' }, match: { kind: 'grep' }, absent: file },
    // 591-592: file="/usr/bin/runc"
    { id: '1.1.18', target: 'runc', path: { fixed: '/usr/bin/runc' }, match: { kind: 'grep' }, absent: file },
  ],
};

// aquasecurity/docker-bench c463c39d1c80f3a801073a9187967dbf46588d47, cfg/cis-1.6.0/definitions.yaml; the
// engine (aquasecurity/bench-common b6528bb, auditeval/test.go:224) decides with
// `TestResult, _ = regexp.MatchString(t.Flag+`(?:[^a-zA-Z0-9-_]|$)`, output)` on the `audit:` command's
// output. No existence test: a file that is not there fails.
const grepFlag = (flag: string) => ({ kind: 'grep-flag', flag }) as const;
const run = { kind: 'run' } as const;
const AQUA: Scanner = {
  id: 'aqua-docker-bench',
  says: { pass: 'PASS', fail: 'FAIL', unscored: 'WARN' },
  reads: 'greps `auditctl -l` for the path, then wants its flag followed by a non-word character',
  source: 'aquasecurity/docker-bench@c463c39 (cfg/cis-1.6.0)',
  checks: [
    // 35-49: audit: auditctl -l | grep /usr/bin/dockerd / flag: "/usr/bin/dockerd"
    { id: '1.1.3', target: 'dockerd', path: { fixed: '/usr/bin/dockerd' }, match: grepFlag('/usr/bin/dockerd'), absent: run },
    // 51-65: auditctl -l | grep /run/containerd
    { id: '1.1.4', target: 'containerd-state', path: { fixed: '/run/containerd' }, match: grepFlag('/run/containerd'), absent: run },
    // 67-81: auditctl -l | grep $docker-storage (config.yaml: /var/lib/docker)
    { id: '1.1.5', target: 'data-root', path: { fixed: '/var/lib/docker' }, match: grepFlag('/var/lib/docker'), absent: run },
    // 83-97: auditctl -l | grep /etc/docker
    { id: '1.1.6', target: 'config-dir', path: { fixed: '/etc/docker' }, match: grepFlag('/etc/docker'), absent: run },
    // 99-118: test_file=$(systemctl show -p FragmentPath docker.service | awk -F "=" '{print $2}') /
    // if test -f "$test_file"; then auditctl -l | grep $test_file — flag: "docker.service"
    { id: '1.1.7', target: 'docker-service', path: { fragmentPath: 'docker.service' }, match: grepFlag('docker.service'), absent: run },
    // 120-139: test_file=$(grep 'containerd.sock' /etc/containerd/config.toml | awk -F "\"" '{print $2}') /
    // if test -S "$test_file"; then auditctl -l | grep $test_file — flag: "containerd.sock"
    { id: '1.1.8', target: 'containerd-socket', path: { containerdAddress: 'config.toml' }, match: grepFlag('containerd.sock'), absent: run },
    // 141-160: socket_file=$(grep '^ListenStream' $(systemctl show -p FragmentPath docker.socket …) …) /
    // if test -S "$socket_file"; then auditctl -l | grep $socket_file — flag: "docker.sock": the socket, not the unit.
    { id: '1.1.9', target: 'docker-sock', path: { listenStream: 'docker.socket' }, match: grepFlag('docker.sock'), absent: run },
    // 162-176: auditctl -l | grep /etc/default/docker — fails on hosts without the file too.
    { id: '1.1.10', target: 'default-docker', path: { fixed: '/etc/default/docker' }, match: grepFlag('/etc/default/docker'), absent: run },
    // 178-192: auditctl -l | grep $docker-config-file (config.yaml: /etc/docker/daemon.json)
    { id: '1.1.11', target: 'daemon-json', path: { fixed: '/etc/docker/daemon.json' }, match: grepFlag('/etc/docker/daemon.json'), absent: run },
    // 194-208: auditctl -l | grep /etc/containerd/config.toml
    { id: '1.1.12', target: 'containerd-config', path: { fixed: '/etc/containerd/config.toml' }, match: grepFlag('/etc/containerd/config.toml'), absent: run },
    // 210-223: auditctl -l | grep /etc/sysconfig/docker — `scored: true` sits inside the `remediation: |`
    // block (line 223), so the check is unscored: check.go `else if c.Scored { c.State = FAIL } else { c.State = WARN }`.
    { id: '1.1.13', target: 'sysconfig-docker', path: { fixed: '/etc/sysconfig/docker' }, match: grepFlag('/etc/sysconfig/docker'), absent: run, unscored: true },
    // 225-240: auditctl -l | grep /usr/bin/containerd — a -shim line is selected, but the flag is followed by "-" there.
    { id: '1.1.14', target: 'containerd', path: { fixed: '/usr/bin/containerd' }, match: grepFlag('/usr/bin/containerd'), absent: run },
    // 242-257
    { id: '1.1.15', target: 'containerd-shim', path: { fixed: '/usr/bin/containerd-shim' }, match: grepFlag('/usr/bin/containerd-shim'), absent: run },
    // 259-274
    { id: '1.1.16', target: 'containerd-shim-runc-v1', path: { fixed: '/usr/bin/containerd-shim-runc-v1' }, match: grepFlag('/usr/bin/containerd-shim-runc-v1'), absent: run },
    // 276-291
    { id: '1.1.17', target: 'containerd-shim-runc-v2', path: { fixed: '/usr/bin/containerd-shim-runc-v2' }, match: grepFlag('/usr/bin/containerd-shim-runc-v2'), absent: run },
    // 293-308: auditctl -l | grep /usr/bin/runc
    { id: '1.1.18', target: 'runc', path: { fixed: '/usr/bin/runc' }, match: grepFlag('/usr/bin/runc'), absent: run },
  ],
};

// DataDog/security-agent-policies 16b77b641f79def4ae067eee83142f7d89e6d29a,
// compliance/containers/cis-docker-1.2.0.yaml: `input: - audit: path: PATH` per rule cis-docker-1.2.0-1.2.x.
// datadog-agent pkg/compliance/resolver.go (0317bc62) keeps a kernel rule when `if rule.Path == spec.Path {`,
// after go-libaudit v2.6.2 rule/rule.go ToCommandLine rendered it as a file watch ("Must have all syscalls
// and perm field. Only other valid fields are dir, path and key"); `if _, err := os.Stat(normPath);
// os.IsNotExist(err) { return nil, nil }` drops the input, and audit-rule-common.rego then reports
// `dd.error_finding(… "%s: audit resource path does not exist" …)`, as it does when no rule matched.
const watchPath = { kind: 'watch-path' } as const;
const error = { kind: 'error' } as const;
const datadog = (id: string, target: string, path: string): ScannerCheck => ({ id: `cis-docker-${id}`, target, path: { fixed: path }, match: watchPath, absent: error });
const DATADOG: Scanner = {
  id: 'datadog',
  says: { pass: 'passed', fail: 'error' },
  reads: 'the kernel rules: a file watch (all syscalls, a perm field, only path/dir/perm/key) of exactly the path',
  source: 'DataDog/security-agent-policies@16b77b6 (cis-docker-1.2.0), datadog-agent, elastic/go-libaudit v2.6.2',
  checks: [
    datadog('1.2.3', 'dockerd', '/usr/bin/dockerd'),
    datadog('1.2.4', 'data-root', '/var/lib/docker'),
    datadog('1.2.5', 'config-dir', '/etc/docker'),
    datadog('1.2.6', 'docker-service', '/usr/lib/systemd/system/docker.service'),
    datadog('1.2.7', 'docker-socket-unit', '/usr/lib/systemd/system/docker.socket'),
    datadog('1.2.8', 'default-docker', '/etc/default/docker'),
    datadog('1.2.9', 'sysconfig-docker', '/etc/sysconfig/docker'),
    datadog('1.2.10', 'daemon-json', '/etc/docker/daemon.json'),
    datadog('1.2.11', 'containerd', '/usr/bin/containerd'),
    datadog('1.2.12', 'runc', '/usr/sbin/runc'),
  ],
};

// dev-sec/cis-docker-benchmark 7aaefe6e0a6d1be5d3923f4b3d89a21d8fa7a0c0, controls/host_configuration.rb:
// `describe auditd do its(:lines) { should include(RULE) } end`, the lines of `/sbin/auditctl -l`, so the
// whole line must be equal. No existence test; a unit systemd does not know gives FragmentPath "" and the
// rule "-w  -p rwxa -k docker" (libraries/docker_helper.rb `params['FragmentPath']`).
const devSec = (id: string, target: string, path: PathSource): ScannerCheck => ({ id, target, path, match: { kind: 'line', line: '-w {path} -p rwxa -k docker' }, absent: run });
const DEV_SEC: Scanner = {
  id: 'inspec-dev-sec',
  says: { pass: 'passed', fail: 'failed' },
  reads: 'wants the exact line `-w PATH -p rwxa -k docker` in `auditctl -l`',
  source: 'dev-sec/cis-docker-benchmark@7aaefe6',
  checks: [
    // 171-179: should include('-w /usr/bin/docker -p rwxa -k docker')
    devSec('host-1.7', 'docker-binary', { fixed: '/usr/bin/docker' }),
    // 195-198: '-w /var/lib/docker -p rwxa -k docker'
    devSec('host-1.8', 'data-root', { fixed: '/var/lib/docker' }),
    // 214-217: '-w /etc/docker -p rwxa -k docker'
    devSec('host-1.9', 'config-dir', { fixed: '/etc/docker' }),
    // 233-243: rule = "-w #{docker_helper.path} -p rwxa -k docker" (systemctl show -p FragmentPath docker.service)
    devSec('host-1.10', 'docker-service', { fragmentPath: 'docker.service' }),
    // 259-269: rule = "-w #{docker_helper.socket} -p rwxa -k docker" (… docker.socket)
    devSec('host-1.11', 'docker-socket-unit', { fragmentPath: 'docker.socket' }),
    // 285-288: '-w /etc/default/docker -p rwxa -k docker'
    devSec('host-1.12', 'default-docker', { fixed: '/etc/default/docker' }),
    // 305-308: '-w /etc/docker/daemon.json -p rwxa -k docker'
    devSec('host-1.13', 'daemon-json', { fixed: '/etc/docker/daemon.json' }),
    // 326-329: '-w /usr/bin/docker-containerd -p rwxa -k docker'
    devSec('host-1.14', 'docker-containerd', { fixed: '/usr/bin/docker-containerd' }),
    // 348-351: '-w /usr/bin/docker-runc -p rwxa -k docker'
    devSec('host-1.15', 'docker-runc', { fixed: '/usr/bin/docker-runc' }),
  ],
};

// mitre/docker-ce-cis-baseline 8be9e7e24de0fa3d3901db80a58e2bc4348f6592, controls/M-1.x.rb:
// `describe auditd do its('lines') { should include RULE } end`. M-1.6/M-1.7 keep a trailing slash that
// auditctl strips from a watch; M-1.8/M-1.9 want no -p, which `auditctl -l` prints for every watch.
const mitre = (id: string, target: string, path: PathSource, line = '-w {path} -p rwxa -k docker', absent: WhenAbsent = run): ScannerCheck => ({ id, target, path, match: { kind: 'line', line }, absent });
const INSPEC_MITRE: Scanner = {
  id: 'inspec-mitre',
  says: { pass: 'passed', fail: 'failed', absent: 'skipped' },
  reads: 'wants the exact line it names in `auditctl -l`',
  source: 'mitre/docker-ce-cis-baseline@8be9e7e',
  checks: [
    // M-1.5.rb:23-31: should include '-w /usr/bin/docker -p rwxa -k docker'
    mitre('M-1.5', 'docker-binary', { fixed: '/usr/bin/docker' }),
    // M-1.6.rb:26-28: should include '-w /var/lib/docker/ -p rwxa -k docker'
    mitre('M-1.6', 'data-root', { fixed: '/var/lib/docker/' }),
    // M-1.7.rb:27-29: should include '-w /etc/docker/ -p rwxa -k docker'
    mitre('M-1.7', 'config-dir', { fixed: '/etc/docker/' }),
    // M-1.8.rb:31-48: should include "-w #{docker_service_file} -k docker"; `if file(docker_service_file.to_s).exist?`,
    // else impact 0.0 and "The docker service file does not exist, therefore this control is N/A".
    mitre('M-1.8', 'docker-service', { fragmentPath: 'docker.service' }, '-w {path} -k docker', { kind: 'skip' }),
    // M-1.9.rb:31-48: should include "-w #{docker_socket_file} -k docker", skipped the same way.
    mitre('M-1.9', 'docker-socket-unit', { fragmentPath: 'docker.socket' }, '-w {path} -k docker', { kind: 'skip' }),
    // M-1.10.rb:27-29: '-w /etc/default/docker -p rwxa -k docker'
    mitre('M-1.10', 'default-docker', { fixed: '/etc/default/docker' }),
    // M-1.11.rb:31-33: '-w /etc/docker/daemon.json -p rwxa -k docker'
    mitre('M-1.11', 'daemon-json', { fixed: '/etc/docker/daemon.json' }),
    // M-1.12.rb:32-34: '-w /usr/bin/docker-containerd -p rwxa -k docker'
    mitre('M-1.12', 'docker-containerd', { fixed: '/usr/bin/docker-containerd' }),
    // M-1.13.rb:33-35: '-w /usr/bin/docker-runc -p rwxa -k docker'
    mitre('M-1.13', 'docker-runc', { fixed: '/usr/bin/docker-runc' }),
  ],
};

/**
 * Every path a check looks for holds one of these words, and a check can only find it in a listing
 * line's own values, which come from the rule's text: a rule whose text holds none of them is no
 * scanner's business. The load indexes rules by them, so the checks cost the rules that name Docker.
 */
export const DOCKER_WORDS: readonly string[] = ['docker', 'containerd', 'runc'];

/** The Docker words in a rule's text, if any (auditctl's only escape, `\ ` for a space, makes no word). */
export function dockerWords(text: string): readonly string[] | undefined {
  const found = DOCKER_WORDS.filter((w) => text.includes(w));
  return found.length > 0 ? found : undefined;
}

/** Every scanner, in the order the settings, the hover and the report list them. */
export const SCANNERS: readonly Scanner[] = [DOCKER_BENCH, AQUA, DATADOG, DEV_SEC, INSPEC_MITRE];
