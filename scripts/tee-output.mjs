// The test scripts show a child's output as it comes and also read it afterwards
// (for the counts a runner prints): both at once.

/** Forwards `child`'s stdout and stderr to ours; returns a reader of everything it printed so far. */
export function teeOutput(child) {
  let text = '';
  const forward = (stream) => (chunk) => {
    text += chunk.toString('utf8');
    stream.write(chunk);
  };
  child.stdout.on('data', forward(process.stdout));
  child.stderr.on('data', forward(process.stderr));
  return () => text;
}
