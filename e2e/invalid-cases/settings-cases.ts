/** Settings mutations (admin only): wrong in ways only a real admin token lets the router see. */
export const settingsCases = (token: string): Record<string, unknown[]> => ({
  'settings.set': [
    { token, key: 'no.such.key', value: 1 },
    { token, key: 'transcription.modelPath', value: '/etc/passwd' },
    // The update server is IT's to name (managed config only), like a model path.
    { token, key: 'updates.url', value: 'https://updates.example.com/' },
    // The admin's model is a file name in the models/ folders; a path or a way out is refused.
    { token, key: 'transcription.model', value: '/etc/passwd' },
    { token, key: 'transcription.model', value: '../../../etc/ggml-base.en.bin' },
    { token, key: 'station.name' },
    { token, key: 'retention.days', value: () => 1 },
  ],
  'settings.changePin': [
    { token, currentPin: '12ab', newPin: '123456' },
    { token, currentPin: '1234', newPin: '12' },
    { token, currentPin: '1234', newPin: '1'.repeat(40) },
  ],
  // Only a staff token goes in: a wrong one is all there is to get wrong.
  'monitor.clearCheckInPause': [{ token: 'short' }, { token: 'x'.repeat(500) }],
  // The bundle is the station's own: no input may choose a file, a folder or what goes in.
  'monitor.exportDiagnostics': [
    { token: 'short' },
    { token, path: '/etc/passwd' },
    { token, include: ['gemini.key'] },
  ],
});
