/** The message to show for a failed call: the station's own words, or a calm fallback. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again or ask the coordinator.';
}
