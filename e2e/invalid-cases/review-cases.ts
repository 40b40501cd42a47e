/** Review mutations: wrong in ways only a real staff token lets the router see. */
export const reviewCases = (token: string): Record<string, unknown[]> => ({
  // Filled in as review mutations are added; every mutation needs its cases.
  ...(token ? {} : {}),
});
