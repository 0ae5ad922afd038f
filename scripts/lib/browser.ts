/// A page in headless Chromium, for the package e2e: a tiny static server (node:http) and a run of the page with
/// playwright-core driving Debian's `chromium` (nothing is downloaded: playwright-core only drives the binary).
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";

/// The Chromium binary: `OPENLEDGER_CHROMIUM`, else Debian's package (`apt-get install -y chromium`).
export const CHROMIUM_ENV = "OPENLEDGER_CHROMIUM";
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function chromiumPath(): string {
  const binary = process.env[CHROMIUM_ENV] ?? DEFAULT_CHROMIUM;
  if (!existsSync(binary)) {
    throw new Error(`no Chromium at ${binary}: install Debian's (apt-get install -y chromium) or set ${CHROMIUM_ENV}`);
  }
  return binary;
}

/// One file the server serves: its content type and body.
export interface Served {
  type: string;
  body: string | Buffer;
}

export interface PageServer {
  /// `http://127.0.0.1:<port>/`
  url: string;
  /// Every path asked for, in order.
  requests: string[];
  /// The paths asked for that the server does not have (404).
  missing: string[];
  close(): Promise<void>;
}

/// Serves `files` (by path: `/index.html`, `/main.js`, …) on a free port of 127.0.0.1; `/` is `/index.html`, and
/// `/favicon.ico` is an empty 204 so that the browser logs no error for it.
export async function servePage(files: Readonly<Record<string, Served>>): Promise<PageServer> {
  const requests: string[] = [];
  const missing: string[] = [];
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push(pathname);
    const file = files[pathname === "/" ? "/index.html" : pathname];
    if (file !== undefined) {
      res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
      res.end(file.body);
    } else if (pathname === "/favicon.ico") {
      res.writeHead(204).end();
    } else {
      missing.push(pathname);
      res.writeHead(404, { "content-type": "text/plain" }).end(`${pathname}: not found\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    missing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/// What the page showed when it was done.
export interface PageRun {
  /// `<body data-status>`: "done" or "failed".
  status: string;
  /// The text of `#summary` and of `#error`.
  summary: string;
  error: string;
  /// Console errors, uncaught exceptions and failed requests, in order.
  problems: string[];
  chromium: string;
  /// Seconds: the browser's launch, and the page from `goto` to its status.
  launchSeconds: number;
  pageSeconds: number;
}

/// Opens `url` in headless Chromium with this project's playwright-core, waits until the page sets `data-status` on
/// its body (at most `timeoutMs`), and returns what it shows.
export async function runPage(url: string, timeoutMs = 60_000): Promise<PageRun> {
  const started = Date.now();
  // As root, Chromium needs --no-sandbox, which playwright adds unless chromiumSandbox is asked for.
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
  const launchSeconds = (Date.now() - started) / 1000;
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
    const opened = Date.now();
    await page.goto(url);
    await page.waitForSelector("body[data-status]", { timeout: timeoutMs });
    const pageSeconds = (Date.now() - opened) / 1000;
    return {
      status: (await page.getAttribute("body", "data-status")) ?? "",
      summary: (await page.textContent("#summary")) ?? "",
      error: (await page.textContent("#error")) ?? "",
      problems,
      chromium: browser.version(),
      launchSeconds,
      pageSeconds,
    };
  } finally {
    await browser.close();
  }
}
