/** Settings mutations (admin only): wrong in ways only a real admin token lets the router see. */
export const settingsCases = (token: string): Record<string, unknown[]> => ({
  'settings.set': [
    { token, key: 'no.such.key', value: 1 },
    { token, key: 'transcription.modelPath', value: '/etc/passwd' },
    // The admin's model is a file name in the models/ folders; a path or a way out is refused.
    { token, key: 'transcription.model', value: '/etc/passwd' },
    { token, key: 'transcription.model', value: '../../../etc/ggml-base.en.bin' },
    { token, key: 'station.name' },
    { token, key: 'retention.days', value: () => 1 },
  ],
});
