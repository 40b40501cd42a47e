/** Manage mutations: wrong in ways only a real staff token lets the router see. */
export const manageCases = (token: string): Record<string, unknown[]> => ({
  // Filled in as manage mutations are added; every mutation needs its cases.
  ...(token ? {} : {}),
});
