import { describe, expect, it } from 'vitest';
import {
  listCaptureDevices,
  parseArecordList,
  parseAvfoundationDevices,
  parseDshowDevices,
} from './device-list';

// The layout ffmpeg 4–6 prints on macOS (a built-in and a USB camera, plus a screen).
const AVFOUNDATION = `[AVFoundation indev @ 0x7f9b1c004c80] AVFoundation video devices:
[AVFoundation indev @ 0x7f9b1c004c80] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7f9b1c004c80] [1] Logitech BRIO
[AVFoundation indev @ 0x7f9b1c004c80] [2] Capture screen 0
[AVFoundation indev @ 0x7f9b1c004c80] AVFoundation audio devices:
[AVFoundation indev @ 0x7f9b1c004c80] [0] MacBook Pro Microphone
[AVFoundation indev @ 0x7f9b1c004c80] [1] Logitech BRIO
: Input/output error
`;

// The layout of ffmpeg 5+ on Windows: each name tagged (video), (audio) or (none), its PnP id
// on the next line.
const DSHOW_NEW = `[dshow @ 0000020d6f5a8a40] "Integrated Camera" (video)
[dshow @ 0000020d6f5a8a40]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9&mi_00#6&2c1e4d1f&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 0000020d6f5a8a40] "OBS Virtual Camera" (none)
[dshow @ 0000020d6f5a8a40]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{A3FCE0F5-3493-419F-958A-ABA1250EC20B}"
[dshow @ 0000020d6f5a8a40] "Microphone Array (Realtek(R) Audio)" (audio)
[dshow @ 0000020d6f5a8a40]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{9B1C6B7E-2A4D-4C5E-9F1A-3D2E1F0A4B5C}"
dummy: Immediate exit requested
`;

// ffmpeg 3.x/4.x: headings, names indented (as on https://trac.ffmpeg.org/wiki/DirectShow).
const DSHOW_OLD = `[dshow @ 00000000001c23c0] DirectShow video devices (some may be both video and audio devices)
[dshow @ 00000000001c23c0]  "Integrated Webcam"
[dshow @ 00000000001c23c0]     Alternative name "@device_pnp_\\\\?\\usb#vid_0c45&pid_6448&mi_00#7&2645f9e4&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 00000000001c23c0] DirectShow audio devices
[dshow @ 00000000001c23c0]  "Internal Microphone (Conexant 2"
dummy: Immediate exit requested
`;

// The layout of arecord -L on a laptop with PulseAudio, an Intel HDA card and a USB headset.
const ARECORD = `null
    Discard all samples (playback) or generate zero samples (capture)
lavrate
    Rate Converter Plugin Using Libav/FFmpeg Library
pulse
    PulseAudio Sound Server
default
    Default ALSA Output (currently PulseAudio Sound Server)
sysdefault:CARD=PCH
    HDA Intel PCH, ALC3246 Analog
    Default Audio Device
front:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Front output / input
dmix:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Direct sample mixing device
dsnoop:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Direct sample snooping device
hw:CARD=Headset,DEV=0
    USB Headset, USB Audio
    Direct hardware device without any conversions
plughw:CARD=Headset,DEV=0
    USB Headset, USB Audio
    Hardware device with all software conversions
`;

describe('device lists', () => {
  it('reads macOS cameras by name, leaving out screen capture', () => {
    const found = parseAvfoundationDevices(AVFOUNDATION);
    expect(found.video).toEqual([
      { device: 'FaceTime HD Camera', name: 'FaceTime HD Camera' },
      { device: 'Logitech BRIO', name: 'Logitech BRIO' },
    ]);
    expect(found.audio.map((d) => d.name)).toEqual(['MacBook Pro Microphone', 'Logitech BRIO']);
  });

  it('reads Windows cameras from new and old ffmpeg layouts, without the PnP ids', () => {
    expect(parseDshowDevices(DSHOW_NEW)).toEqual({
      video: [{ device: 'Integrated Camera', name: 'Integrated Camera' }],
      audio: [
        {
          device: 'Microphone Array (Realtek(R) Audio)',
          name: 'Microphone Array (Realtek(R) Audio)',
        },
      ],
    });
    expect(parseDshowDevices(DSHOW_OLD)).toEqual({
      video: [{ device: 'Integrated Webcam', name: 'Integrated Webcam' }],
      audio: [
        { device: 'Internal Microphone (Conexant 2', name: 'Internal Microphone (Conexant 2' },
      ],
    });
  });

  it('offers the ALSA microphones one can record from, with their card names', () => {
    expect(parseArecordList(ARECORD)).toEqual([
      { device: 'pulse', name: 'PulseAudio Sound Server' },
      { device: 'default', name: 'Default ALSA Output (currently PulseAudio Sound Server)' },
      {
        device: 'sysdefault:CARD=PCH',
        name: 'HDA Intel PCH, ALC3246 Analog — Default Audio Device',
      },
      {
        device: 'dsnoop:CARD=PCH,DEV=0',
        name: 'HDA Intel PCH, ALC3246 Analog — Direct sample snooping device',
      },
      {
        device: 'plughw:CARD=Headset,DEV=0',
        name: 'USB Headset, USB Audio — Hardware device with all software conversions',
      },
    ]);
  });

  it('lists this Linux machine’s microphones with the real arecord', async () => {
    const devices = await listCaptureDevices({ platform: 'linux' });
    // The test machine has ALSA's PulseAudio plugin; converters like lavrate are left out.
    expect(devices.microphones.map((m) => m.device)).toContain('pulse');
    expect(devices.microphones.map((m) => m.device)).not.toContain('lavrate');
    expect(devices.notes).toEqual([]);
  });

  it('says so when the tool that lists devices is missing', async () => {
    const missing = () => Promise.reject(Object.assign(new Error('spawn'), { code: 'ENOENT' }));
    const mac = await listCaptureDevices({ platform: 'darwin', run: missing });
    expect(mac.cameras).toEqual([]);
    expect(mac.notes[0]).toMatch(/ffmpeg is not installed/);
    const linux = await listCaptureDevices({
      platform: 'linux',
      run: missing,
      findCameras: () => Promise.resolve([{ device: '/dev/video0', name: 'USB camera' }]),
    });
    expect(linux.cameras).toEqual([{ device: '/dev/video0', name: 'USB camera' }]);
    expect(linux.notes[0]).toMatch(/arecord is not installed/);
  });
});
