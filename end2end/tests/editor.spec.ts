import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";


test("the coordinator writes an FAQ with a sanitized preview, publishes and unpublishes it", async ({ page }) => {
  await page.goto("/entrar");
  await hydrated(page);
  await page.getByTestId("sign-in-email").fill("coordenacao@uno.example");
  await page.getByTestId("sign-in-password").fill("Coordena#2026");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).toHaveURL(/\/coordenacao$/);

  // Unique per attempt, so a retry on the same server does not collide with the first try.
  const slug = `senha-do-certificado-${Date.now().toString(36)}`;
  await page.goto("/coordenacao/conteudo/novo");
  await hydrated(page);
  const editor = page.getByTestId("content-editor");
  await editor.getByLabel("Endereço (slug)").fill(slug);
  await editor.getByLabel("Título").fill("Esqueci a senha do certificado digital");
  await editor.getByLabel("Resumo").fill("O que fazer quando a senha do certificado A1 se perde.");
  await page.getByTestId("content-body").fill("A senha é **da sua empresa**. <script>window.__xss = 1</script>");
  const preview = page.getByTestId("content-preview");
  await expect(preview.locator("strong")).toHaveText("da sua empresa");
  expect(await preview.innerHTML()).not.toContain("<script");
  await editor.getByRole("button", { name: "Criar e publicar" }).click();
  await expect(page).toHaveURL(/\/coordenacao\/conteudo$/);

  // Readers find it right away.
  await page.goto("/busca?q=senha+certificado");
  await expect(page.getByTestId("search-result").first().getByTestId("result-title")).toHaveText(
    "Esqueci a senha do certificado digital",
  );
  await page.goto(`/faq/${slug}`);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();

  // Unpublished, it is gone for readers.
  await page.goto("/coordenacao/conteudo");
  await hydrated(page);
  const row = page.locator(`[data-testid="content-admin-row"][data-slug="${slug}"]`);
  await row.getByTestId("toggle-published").click();
  await expect(row).toContainText("despublicado");
  const response = await page.goto(`/faq/${slug}`);
  expect(response?.status()).toBe(404);
});
