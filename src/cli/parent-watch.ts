/**
 * Preloaded (`node --import`) into every process `npm start` runs. Those processes sit in their own process group
 * so that a terminal's Ctrl-C reaches only `npm start`, which then stops them in order; the price is that they
 * would outlive a `npm start` killed hard (SIGKILL). The IPC channel to the parent closes when the parent dies
 * for any reason: we then stop ourselves the ordinary way (SIGTERM: finish the batch in hand, exit).
 */
if (process.channel) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel must not keep a process alive that has finished its work.
  process.channel.unref();
}

export {};
