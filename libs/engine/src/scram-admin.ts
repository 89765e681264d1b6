import { spawn } from 'node:child_process';

/**
 * SCRAM credentials on the broker: the one admin call kafkajs lacks (AlterUserScramCredentials).
 * Everything that sets or removes a broker credential goes through this interface.
 */
export interface ScramCredentialStore {
  /** Users that hold a SCRAM-SHA-512 credential. */
  list(): Promise<string[]>;
  /** Creates or replaces `upsert`'s credentials and removes `remove`'s, in one call. */
  apply(changes: { upsert: { user: string; password: string }[]; remove: string[] }): Promise<void>;
}

export interface ScramAdminOptions {
  /** Java class path of infra/kafka-admin's tool and kafka-clients. */
  classpath: string;
  brokers: string[];
  /** The control plane's own identity (a super user). */
  username: string;
  password: string;
  /** Longest run of one call; the JVM starts in about a second. */
  timeoutMs?: number;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * Runs infra/kafka-admin's `ScramAdmin` (kafka-clients' Admin API) once per call, with the batch on
 * standard input so that no password is ever on a command line. Its output names users and errors,
 * never passwords.
 */
export class JavaScramAdmin implements ScramCredentialStore {
  constructor(private readonly options: ScramAdminOptions) {}

  async list(): Promise<string[]> {
    const out = await this.run(['list']);
    return out.filter((l) => l.startsWith('user ')).map((l) => l.slice('user '.length));
  }

  async apply(changes: { upsert: { user: string; password: string }[]; remove: string[] }): Promise<void> {
    if (changes.upsert.length === 0 && changes.remove.length === 0) return;
    await this.run([
      ...changes.upsert.map((u) => `upsert ${u.user} ${b64(u.password)}`),
      ...changes.remove.map((user) => `delete ${user}`),
    ]);
  }

  private run(commands: string[]): Promise<string[]> {
    const o = this.options;
    const input = [
      `connect broker ${o.brokers.join(',')} SCRAM-SHA-512 ${o.username} ${b64(o.password)}`,
      ...commands,
      '',
    ].join('\n');
    return new Promise((resolve, reject) => {
      const child = spawn('java', ['-cp', o.classpath, 'io.cflink.kafkaadmin.ScramAdmin'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: o.timeoutMs ?? 60_000,
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.on('error', (e) => reject(new Error(`could not run the SCRAM admin tool: ${e.message}`)));
      child.on('close', (code) => {
        const lines = stdout.split('\n').filter(Boolean);
        if (code === 0 && lines[lines.length - 1] === 'ok') return resolve(lines);
        const error = lines.find((l) => l.startsWith('error ')) ?? `exit code ${code}`;
        reject(new Error(`SCRAM admin tool failed: ${error}`));
      });
      child.stdin.end(input);
    });
  }
}
