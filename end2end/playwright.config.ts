import { defineConfig } from "@playwright/test";

// The server is started by ../test.sh, which passes its address in BASE_URL.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  // processes.spec.ts needs two app processes on one SurrealDB server: test.sh's last
  // stage starts them and names the second in BASE_URL_2; every other spec runs on one.
  ...(process.env.BASE_URL_2 ? { testMatch: "processes.spec.ts" } : { testIgnore: "processes.spec.ts" }),
  // Debug builds ship an 11 MB WASM; on a loaded 2-core machine hydration can take a while.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries: a test that fails once is a defect to find (the page that "never
  // hydrated" was Leptos' process-wide route-listing flag, leptos#4773, fixed in app.rs).
  // Tests wait on conditions with deadlines and say what they saw.
  retries: 0,
  failOnFlakyTests: true,
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
