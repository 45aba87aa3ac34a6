import { defineConfig } from "@playwright/test";

// The server is started by ../test.sh, which passes its address in BASE_URL.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  // Debug builds ship an 11 MB WASM; on a loaded 2-core machine hydration can take a while.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry: about one full run in four, one page of the debug build never hydrated
  // (not reproduced in isolation; `tests/hydration.ts` prints what the page had loaded when
  // it happens). A retried test is reported as "flaky" in the list, never hidden.
  retries: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    trace: "off",
    launchOptions: {
      // Debian's Chromium, installed by test.sh; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
