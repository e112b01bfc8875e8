// The bench's load tool, in its own process (in the server's it would share its event loop): autocannon on
// `paths` in turn across the connections, so that 64 connections ask different tiles or searches.
// Usage: node load.mjs '{"base":"http://127.0.0.1:1234","paths":["/a","/b"],"headers":{},"connections":64,
// "duration":5,"method":"GET","body":"…"}' → autocannon's result as JSON on stdout.
import autocannon from 'autocannon';

const { base, paths, headers = {}, connections = 64, duration = 5, method = 'GET', body } = JSON.parse(process.argv[2]);
let next = 0;
const result = await autocannon({
  url: base,
  connections,
  duration,
  headers,
  method,
  ...(body === undefined ? {} : { body }),
  requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
});
process.stdout.write(JSON.stringify(result));
