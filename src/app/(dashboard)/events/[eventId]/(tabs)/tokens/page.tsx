import { TokensManager } from "~/app/_components/tokens/tokens-manager";
import { TOKEN_SCOPES } from "~/server/auth/tokens";
import { orNotFound, pageContext } from "~/trpc/server";

export default async function TokensPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api } = await pageContext(`/events/${eventId}/tokens`);
  const [event, { tokens }] = await Promise.all([
    orNotFound(api.event.get({ id: eventId })),
    orNotFound(api.token.list({ event_id: eventId })),
  ]);
  return <TokensManager eventId={eventId} tokens={tokens} scopes={TOKEN_SCOPES} timezone={event.timezone} />;
}
