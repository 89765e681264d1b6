/** Reads and writes the profiles file; it and its folder are created readable by the owner only. */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseConfig, type ConfigFile } from './profiles';

export class ConfigStore {
  constructor(readonly path: string) {}

  read(): ConfigFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
      throw e;
    }
    return parseConfig(text, this.path);
  }

  /** Writes through a temporary file, so a crash never leaves half a file with secrets in it. */
  write(config: ConfigFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  update(change: (config: ConfigFile) => void): ConfigFile {
    const config = this.read();
    change(config);
    this.write(config);
    return config;
  }
}
