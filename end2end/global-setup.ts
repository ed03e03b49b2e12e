import { baseURL } from './playwright.config';

// Waits until the server answers /readyz, so tests never race its start.
export default async function globalSetup() {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${baseURL} not ready after 120 s (${last})`);
}
