/**
 * Test helper, run as its own process (built by sealed-media.test.ts): a station recording a
 * sealed session recording through the real camera, killed by the test as a crashed station
 * is. Says `recording` once the first frame is in, then waits. Arguments: the camera's video
 * file, the recording file, the files key in hex.
 */
import { startCamera } from './camera';

const [source = '', recordingFile = '', keyHex = ''] = process.argv.slice(2);
const camera = await startCamera({
  source: { kind: 'file', path: source },
  recordingFile,
  sealWith: Buffer.from(keyHex, 'hex'),
});
console.log(`recording ${camera.pid}`);
setInterval(() => {}, 60_000);
