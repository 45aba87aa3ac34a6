import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";


test("a customer opens an occurrence with deflection beside the form; an analyst takes it and asks; both see it live", async ({ browser }) => {
  // The analyst's queue is open before the occurrence exists.
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, "ana.n1@uno.example", "AnalistaN1#2026");
  await analyst.goto("/atendimento");
  await hydrated(analyst);
  await expect(analyst.getByTestId("queue")).toBeVisible();

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@alimentos.example", "ClienteVip#2026");
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("erro");
  await customer.getByTestId("occurrence-criticality").selectOption("alta");
  await customer.getByTestId("occurrence-title").fill("Nota fiscal rejeitada na transmissão");
  await customer.getByTestId("occurrence-description").fill("A NF-e 321 volta com rejeição da SEFAZ.");
  // Level 0 answers appear while typing.
  await expect(customer.getByTestId("deflection").getByTestId("search-result").first()).toBeVisible();
  // The draft survives a reload.
  await customer.reload();
  await hydrated(customer);
  await expect(customer.getByTestId("occurrence-title")).toHaveValue("Nota fiscal rejeitada na transmissão");
  await customer.getByTestId("occurrence-steps").fill("1. Emitir a NF-e 321\n2. Transmitir");
  // A screenshot goes with it; a program disguised as an image is refused by name, and
  // nothing typed is lost.
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  await customer.getByTestId("occurrence-files").setInputFiles([
    { name: "tela-rejeicao.png", mimeType: "image/png", buffer: png },
    { name: "foto.png", mimeType: "image/png", buffer: Buffer.from("MZ\x90\x00programa") },
  ]);
  await expect(customer.getByTestId("picked-file")).toHaveCount(1);
  await expect(customer.getByTestId("picked-file")).toContainText("tela-rejeicao.png");
  await expect(customer.getByTestId("file-error")).toContainText('"foto.png"');
  await expect(customer.getByTestId("occurrence-title")).toHaveValue("Nota fiscal rejeitada na transmissão");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const number = (await customer.getByTestId("occurrence-number").textContent())!.trim();
  expect(number).toMatch(/^OC \d{4}\/\d{6}$/);
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aberta");
  // A fresh occurrence's clock runs (or waits for business hours) toward a real deadline.
  const countdown = customer.getByTestId("sla-countdown");
  await expect(countdown).toHaveAttribute("data-status", /^(running|warning)$/);
  expect(Date.parse((await countdown.getAttribute("data-deadline"))!)).toBeGreaterThan(Date.now() - 60_000);
  // The file is in the timeline, served as a download.
  const link = customer.getByTestId("attachment-link");
  await expect(link).toHaveText("tela-rejeicao.png");
  await expect(customer.locator('[data-testid="timeline-entry"][data-kind="attachment"]')).toHaveCount(1);
  const file = await customer.request.get((await link.getAttribute("href"))!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toContain("attachment;");
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  const path = new URL(customer.url()).pathname;
  const rowNumber = path.replace("/ocorrencias/", "");

  // It appears in the open queue without a reload, marked as the analyst's speciality.
  const row = analyst.getByTestId("queue").locator(`[data-testid="occurrence-row"][data-number="${rowNumber}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("speciality")).toBeVisible();
  // Narrowing the queue to another module hides it.
  await analyst.getByTestId("queue-filters").getByLabel("Módulo").selectOption("vendas");
  await analyst.getByTestId("queue-filters").getByRole("button", { name: "Filtrar" }).click();
  await expect(analyst).toHaveURL(/modulo=vendas/);
  await expect(analyst.getByTestId("queue").locator(`[data-number="${rowNumber}"]`)).toHaveCount(0);
  await analyst.goto(path);
  await hydrated(analyst);
  await analyst.getByTestId("action-take").click();
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await analyst.getByTestId("reply-text").fill("Nota interna: já vi isso antes.");
  await analyst.getByTestId("reply-internal").check();
  await analyst.getByTestId("reply-submit").click();
  await expect(analyst.locator('[data-testid="timeline-entry"][data-kind="note"]')).toHaveCount(1);
  await analyst.getByTestId("reply-internal").uncheck();
  await analyst.getByTestId("reply-text").fill("Qual a versão do ERP instalada?");
  await analyst.getByTestId("action-ask-customer").click();
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_cliente");

  // The customer's open page follows without a reload, and its SLA clock says it is paused.
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_cliente");
  await expect(customer.getByTestId("sla-countdown")).toHaveAttribute("data-status", "paused");
  await expect(customer.getByTestId("sla-countdown")).toContainText("pausado — aguardando cliente");
  // A new criticality, with its reason, reaches the customer too.
  await analyst.getByText("Mudar a criticidade").click();
  await analyst.getByTestId("criticality-select").selectOption("critica");
  await analyst.getByTestId("criticality-reason").fill("Faturamento parado");
  await analyst.getByTestId("action-criticality").click();
  await expect(customer.getByTestId("occurrence-criticality")).toHaveText("Crítica");
  await expect(customer.getByTestId("timeline")).toContainText("Faturamento parado");
  await expect(customer.getByTestId("timeline")).toContainText("Qual a versão do ERP instalada?");
  // The internal note is not in the customer's page.
  await expect(customer.locator('[data-testid="timeline-entry"][data-kind="note"]')).toHaveCount(0);
  await expect(customer.getByTestId("timeline")).not.toContainText("já vi isso antes");
  await customer.getByTestId("reply-text").fill("Versão 2026.11");
  await customer.getByTestId("reply-submit").click();
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");

  // The analyst's page followed the customer's answer; now it escalates with the simulation record.
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await expect(analyst.getByTestId("timeline")).toContainText("Versão 2026.11");
  await analyst.getByText("Escalar para o Nível 2").click();
  await analyst.getByTestId("simulation-record").fill("Reproduzido na 2026.11: emitir e transmitir a NF-e.");
  await analyst.getByTestId("action-escalate").click();
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "escalada_n2");

  // Another company's contact gets 404 for the same URL.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, "gp@metalurgica.example", "ClienteOuro#2026");
  const response = await other.goto(path);
  expect(response!.status()).toBe(404);
  await expect(other.getByTestId("error")).toContainText("Ocorrência não encontrada");

  // The customer's list has it.
  await customer.goto("/ocorrencias");
  await expect(customer.getByTestId("occurrence-list").locator(`[data-number="${rowNumber}"]`)).toHaveAttribute("data-state", "escalada_n2");
});

test("'isto resolveu' closes the form without opening an occurrence", async ({ page }) => {
  await signIn(page, "gp@metalurgica.example", "ClienteOuro#2026");
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  await page.getByTestId("occurrence-title").fill("Quando devo ligar para o suporte");
  const first = page.getByTestId("deflection").getByTestId("search-result").first();
  await expect(first).toBeVisible();
  await first.getByTestId("deflection-solved").click();
  await expect(page.getByTestId("deflection-thanks")).toBeVisible();
  await expect(page.getByTestId("occurrence-form")).toHaveCount(0);
  // The draft is gone: a new form starts empty.
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  await expect(page.getByTestId("occurrence-title")).toHaveValue("");
});

test("an analyst registers an occurrence told on the phone, and the caller's company sees it", async ({ browser }) => {
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, "ana.n1@uno.example", "AnalistaN1#2026");
  await analyst.goto("/atendimento");
  await hydrated(analyst);
  await analyst.getByTestId("register-call").click();
  await expect(analyst).toHaveURL(/\/atendimento\/ligacoes$/);
  await hydrated(analyst);
  const company = analyst.getByTestId("call-company");
  const option = company.locator("option", { hasText: "Distribuidora" });
  await company.selectOption((await option.getAttribute("value"))!);
  await analyst.getByTestId("call-contact").selectOption({ index: 1 });
  await analyst.getByTestId("call-subject").fill("Inventário não fecha (ligação)");
  await analyst.getByTestId("call-minutes").fill("4");
  await analyst.getByTestId("occurrence-module").selectOption("estoque");
  await analyst.getByTestId("occurrence-description").fill("Relatado por telefone: o inventário de novembro não fecha.");
  await analyst.getByTestId("call-submit").click();
  await expect(analyst).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  await expect(analyst.getByTestId("timeline")).toContainText("Registrada a partir de uma ligação.");
  const path = new URL(analyst.url()).pathname;

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@distribuidora.example", "ClientePrata#2026");
  await customer.goto(path);
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aberta");
  await expect(customer.getByRole("heading", { level: 1 })).toHaveText("Inventário não fecha (ligação)");
});
