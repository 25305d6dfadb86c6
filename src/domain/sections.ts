/**
 * Sections of a site ("politics", "sport"): a thread carries one, its comments inherit it, queues filter by it
 * and an API key may be limited to some (API_KEYS). A section name is short, lowercase and safe in a key or URL.
 */
export const SECTION_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const SECTION_RULE = '1-64 characters of a-z 0-9 _ - (starting with a letter or digit)';

export function isSection(value: string): boolean {
  return SECTION_PATTERN.test(value);
}

/**
 * Whether a caller limited to `allowed` sections (undefined = every section) may see or act on something in
 * `section` (undefined = no section). A limited caller never sees what carries no section: an unlabelled
 * comment belongs to the whole site, not to one desk.
 */
export function sectionAllowed(allowed: readonly string[] | undefined, section: string | undefined): boolean {
  if (allowed === undefined) return true;
  return section !== undefined && allowed.includes(section);
}
