/** Numbers in the active language's digits and grouping (Arabic uses its own digits). */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A whole number of minutes or seconds, spelled as the language writes units. */
export function formatDuration(value: number, unit: 'minute' | 'second', language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(
    value,
  );
}

/** A percentage given as a whole number (25 → 25 %). */
export function formatPercent(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent' }).format(value / 100);
}
