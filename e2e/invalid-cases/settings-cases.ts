/** Settings mutations (admin only): wrong in ways only a real admin token lets the router see. */
export const settingsCases = (token: string): Record<string, unknown[]> => ({
  'settings.set': [
    { token, key: 'no.such.key', value: 1 },
    { token, key: 'transcription.modelPath', value: '/etc/passwd' },
    { token, key: 'station.name' },
    { token, key: 'retention.days', value: () => 1 },
  ],
});
