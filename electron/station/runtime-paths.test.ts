import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, PRODUCT_NAME } from './runtime-paths';

describe.runIf(process.platform === 'linux')('defaultDataDir on Linux', () => {
  const HOME = '/home/ada';

  it('puts the data folder under HOME/.config when XDG_CONFIG_HOME is empty, not in the working folder', () => {
    const dir = defaultDataDir({ XDG_CONFIG_HOME: '', HOME });
    expect(dir).toBe(path.join(HOME, '.config', PRODUCT_NAME));
    expect(path.isAbsolute(dir)).toBe(true);
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'config', HOME })).toBe(
      path.join(HOME, '.config', PRODUCT_NAME),
    );
  });

  it('uses an absolute XDG_CONFIG_HOME, and STATION_DATA_DIR above all', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/srv/config', HOME })).toBe(
      path.join('/srv/config', PRODUCT_NAME),
    );
    expect(defaultDataDir({ STATION_DATA_DIR: '/srv/station', HOME })).toBe('/srv/station');
  });
});
