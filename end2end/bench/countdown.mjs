// Benchmark (not a test), run by ../../bench.sh: one page with N live SLA countdowns (the
// analyst queue), measured in Chromium. Seeds N occurrences through the server functions,
// opens the queue, and records what each one-second tick costs (signal set → every counter
// updated → layout) with the app's own probe (`window.__suporte_frames`). Also counts
// rows the ticks re-created (should be 0: only texts and attributes change).
import { chromium } from "@playwright/test";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const N = Number(process.env.COUNTERS ?? 500);
const TICKS = Number(process.env.TICKS ?? 15);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const context = await browser.newContext({ baseURL: BASE, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
const page = await context.newPage();
// A visitor's page loads the app on intent only (`ui/front_files.rs`): start it as tools do.
const hydrated = () =>
  page.waitForFunction(() => (window.__suporte_load?.(), window.__suporte_hydrated === true), null, { timeout: 60_000 });

await page.goto("/entrar");
await hydrated();
await page.getByTestId("sign-in-email").fill("ana.n1@uno.example");
await page.getByTestId("sign-in-password").fill("AnalistaN1#2026");
await page.getByRole("button", { name: "Entrar" }).click();
await page.getByTestId("user-name").waitFor();

// Seeded from a page without the live queue (which would reload on every new occurrence).
await page.goto("/conta");
await hydrated();
// N phone registrations for one company's contact, through the real server function.
const seeded = await page.evaluate(async (n) => {
  const post = async (path, form) => {
    const res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form).toString(),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const companies = await post("/api/empresas", {});
  const company = companies.find((c) => c.contacts.length > 0);
  const levels = ["critica", "alta", "media", "baixa"];
  const started = performance.now();
  const laps = [];
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) laps.push(performance.now());
    await post("/api/registrar-ligacao", {
      company_id: company.id, contact_id: company.contacts[0].id, module: "fiscal", kind: "duvida",
      criticality: levels[i % 4], title: `Contador ${i + 1}`, description: "Carga do benchmark.", steps: "",
    });
  }
  laps.push(performance.now());
  const per100 = laps.slice(1).map((t, i) => ((t - laps[i]) / 1000).toFixed(1));
  return { company: company.name, ms: performance.now() - started, per100 };
}, N);
console.log(
  `semeadas ${N} ocorrências (${seeded.company}) em ${(seeded.ms / 1000).toFixed(1)} s ` +
    `(por centena: ${seeded.per100.join(" s, ")} s)`,
);

await page.goto("/atendimento?fila=novas");
await hydrated();
const counters = await page.getByTestId("sla-countdown").count();
const rowsReplaced = await page.evaluate(async (ticks) => {
  let replaced = 0;
  const observer = new MutationObserver((records) => {
    for (const r of records) replaced += [...r.addedNodes].filter((n) => n.nodeName === "TR").length;
  });
  observer.observe(document.body, { childList: true, subtree: true });
  window.__suporte_frames = [];
  window.__suporte_measure = true;
  await new Promise((done) => setTimeout(done, ticks * 1000 + 500));
  window.__suporte_measure = false;
  observer.disconnect();
  return replaced;
}, TICKS);
const frames = (await page.evaluate(() => window.__suporte_frames)).slice().sort((a, b) => a - b);
const at = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
console.log(
  `SLA no navegador: ${counters} contadores na fila, ${frames.length} ticks: ` +
    `p50 ${at(0.5).toFixed(1)} ms | p95 ${at(0.95).toFixed(1)} ms | máx ${frames[frames.length - 1].toFixed(1)} ms por quadro; ` +
    `linhas recriadas pelos ticks: ${rowsReplaced}`,
);
await browser.close();
