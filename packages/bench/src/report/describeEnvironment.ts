import os from 'node:os';

/** The machine, Node version, command and date line every section starts with. */
export function describeEnvironment(command: string, loadAverage: number): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  return [
    `Machine: ${cpu} (${cpus.length} cores), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; 1-minute load average ${loadAverage.toFixed(1)} when this bench started (other work on the machine makes figures noisier).`,
    `Command: \`${command}\`, ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
}
