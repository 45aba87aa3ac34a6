import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

test("a call from someone without Extranet access is logged into a new occurrence, and the customer is asked to call back", async ({ browser }) => {
  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto("/atendimento");
  await hydrated(ana);
  await ana.getByTestId("register-call").click();
  await expect(ana).toHaveURL(/\/atendimento\/ligacoes$/);
  await hydrated(ana);
  const form = ana.getByTestId("call-log-form");
  const company = form.getByTestId("call-company");
  await company.selectOption((await company.locator("option", { hasText: "Metalúrgica" }).getAttribute("value"))!);
  // Nobody chosen from the contacts: the caller's name and phone are asked for.
  await expect(form.getByTestId("call-contact")).toHaveValue("");
  await form.getByTestId("call-caller-name").fill("Seu Joaquim");
  await form.getByTestId("call-caller-phone").fill("(15) 99876-5432");
  await form.getByTestId("call-subject").fill("Etiqueta de expedição sai cortada");
  await form.getByTestId("call-minutes").fill("7");
  await expect(form.getByTestId("call-outcome")).toHaveValue("abrir");
  await form.getByTestId("occurrence-module").selectOption("estoque");
  await form.getByTestId("occurrence-description").fill("A etiqueta sai cortada na impressora da expedição.");
  await form.getByTestId("call-submit").click();
  await expect(ana).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  await hydrated(ana);
  const path = new URL(ana.url()).pathname;
  const number = path.replace("/ocorrencias/", "");
  await expect(ana.getByTestId("opened-by")).toContainText("Seu Joaquim (telefone (15) 99876-5432, sem acesso à Extranet)");
  await expect(ana.getByTestId("timeline")).toContainText("Registrada a partir de uma ligação.");

  // The call is in the log, pointing at the occurrence it opened.
  await ana.goto("/atendimento/ligacoes");
  const logged = ana.getByTestId("call-log").getByTestId("call-log-item").filter({ hasText: "Seu Joaquim" });
  await expect(logged).toHaveCount(1);
  await expect(logged).toContainText("Etiqueta de expedição sai cortada");
  await expect(logged.getByTestId("call-log-occurrence")).toHaveText(`OC ${number}`);

  // Ana takes it and asks the company to call (public, with a time).
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  const request = ana.getByTestId("request-call");
  await request.locator("summary").click();
  await request.getByTestId("request-call-window").fill("hoje até 17h");
  await expect(request.getByTestId("action-request-call")).toHaveAttribute("data-visibility", "public");
  await request.getByTestId("action-request-call").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_cliente");

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  await customer.goto(path);
  await expect(customer.getByTestId("opened-by")).toContainText("Seu Joaquim");
  await expect(customer.getByTestId("timeline")).toContainText("Por favor, ligue para o suporte UNO no telefone");
  await expect(customer.getByTestId("timeline")).toContainText("(hoje até 17h).");
});

test("a call-back left for Davi waits in his queue until he marks it done", async ({ browser }) => {
  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto("/atendimento/ligacoes");
  await hydrated(ana);
  const form = ana.getByTestId("callback-form");
  await form.locator("summary").click();
  await form.getByTestId("callback-analyst").selectOption({ label: "Davi Suporte (N1)" });
  await form.getByTestId("callback-name").fill("Marta da Contabilidade");
  await form.getByTestId("callback-phone").fill("(11) 4000-1234");
  await form.getByTestId("callback-message").fill("Precisa falar sobre o fechamento fiscal de novembro.");
  await form.getByTestId("callback-submit").click();
  await expect(form.getByTestId("callback-left")).toBeVisible();

  const davi = await (await browser.newContext()).newPage();
  await signIn(davi, "davi.n1@uno.example", "AnalistaN1b#2026");
  await davi.goto("/atendimento");
  await hydrated(davi);
  const item = davi.getByTestId("callback-item").filter({ hasText: "Marta da Contabilidade" });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("(11) 4000-1234");
  await expect(item).toContainText("Precisa falar sobre o fechamento fiscal de novembro.");
  await expect(item).toContainText("Recado de Ana Atendimento");
  await item.getByTestId("callback-done").click();
  await expect(item).toHaveCount(0);
  // Done stays done.
  await davi.reload();
  await hydrated(davi);
  await expect(davi.getByTestId("queue")).toBeVisible();
  await expect(davi.getByTestId("callback-item").filter({ hasText: "Marta da Contabilidade" })).toHaveCount(0);
});
