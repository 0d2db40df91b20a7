// Slack's request signing (v0 HMAC-SHA256 of `v0:<timestamp>:<body>`), as Slack signs what it sends a bot.
import { createHmac } from 'node:crypto';

export function slackSignature(rawBody: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}
