/** The file name at the end of a URI, as a person reads it (rules.d names sort and print by it). */
export function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
