// Runs in its own process so the load generator does not share the backend's
// event loop: `node loadClient.mjs <url> <clients> <total>` prints JSON timings.
const [url, clients, total] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
];
const times = [];
let failures = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next++ < total) {
      const t = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok) {
        failures++;
      }
      times.push(performance.now() - t);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ times, failures, seconds }));
