import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Runify</h1>
      <p>GPS tracking for sports events.</p>
      <p>
        <Link href="/docs/api">API reference</Link> · <a href="/api/openapi.json">OpenAPI document</a>
      </p>
    </main>
  );
}
