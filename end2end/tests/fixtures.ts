import { test as base, expect } from "@playwright/test";

// Every spec's `test`: closes the browser contexts a test opened itself
// (`browser.newContext()`), which Playwright would otherwise keep until the worker ends.
// Left open, each kept page holds a live stream, and a person's ninth is refused (at most
// eight per person), so a later test's page got no live updates at all.
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((c) => c.close()));
    },
    { auto: true },
  ],
});

export { expect };
