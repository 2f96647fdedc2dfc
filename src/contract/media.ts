import Type from 'typebox';
import { MessageMedia } from './conversations.js';

export const MediaParams = Type.Object({ id: Type.String({ format: 'uuid', description: "the attachment's id (`media.id` of a message)" }) });

/** What `POST /media/{id}/retry` answers: the attachment, pending again. */
export const RetriedMedia = Type.Object({ media: MessageMedia });
