// Benchmark (not a test), run by ../../bench.sh: a first visit to the home page on a slow
// phone (150 ms latency, 1.6 Mbit/s, CPU 4× slower), where the app loads only once the
// person taps the search box (`ui/front_files.rs`). The person types "nota fiscal" at
// 120 ms a key, right after the page loaded; printed: how long after the tap, and after the
// last key, results show. `EAGER=1` starts the app at the load event instead (the rule
// before), for comparison.
import { chromium } from "@playwright/test";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const RUNS = Number(process.env.RUNS ?? 3);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
for (let run = 1; run <= RUNS; run++) {
  const context = await browser.newContext({ baseURL: BASE, locale: "pt-BR" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto("/");
  // EAGER=1: the app starts loading at the load event, as before the intent rule (compare).
  if (process.env.EAGER === "1") await page.evaluate(() => window.__suporte_load());
  const box = page.getByTestId("search-input");
  const tap = Date.now();
  await box.focus();
  await box.pressSequentially("nota fiscal", { delay: 120 });
  const lastKey = Date.now();
  await page.getByTestId("search-results").waitFor({ timeout: 60_000 });
  const shown = Date.now();
  console.log(
    `first search, run ${run}: results ${shown - tap} ms after the tap, ${shown - lastKey} ms after the last key`,
  );
  await context.close();
}
await browser.close();
