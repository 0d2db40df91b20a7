// Links found in feeds and pages, made absolute; only http(s) links are kept (never javascript:, data:, file:).

/** `raw` resolved against `base`, when the result is an http(s) URL. */
export function absoluteHttpUrl(raw: string | undefined, base?: string): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
