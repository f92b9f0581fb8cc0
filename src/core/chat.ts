import { z } from 'zod';

/**
 * One entry of the context an agent's policy sees, in Chat Completions shape.
 * `name` says who spoke (an agent id, a mitigation, the world) so a model can
 * tell the speakers of a multi-agent conversation apart.
 */
export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  name: z.string().nullable(),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
