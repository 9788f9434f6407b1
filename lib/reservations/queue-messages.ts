/**
 * What the waiting queue tells drivers, as messages for the e-mail, SMS and push nodes: one per contact channel
 * the driver gave, in their language. Times are the park's (`timeZone`): the driver reads them on site.
 */
import type { Language, QueueEntry } from './queue';

export type NotificationEvent = 'joined' | 'update' | 'offer' | 'released' | 'expired' | 'completed';
export interface Notification { channel: 'email' | 'sms' | 'push'; to: string; subject?: string; text: string }
export interface NotificationOptions { timeZone?: string }

interface Say {
  time(at?: string): string;
  kwh(wh: number): string;
  where: string;
  wait: string;
}

interface Phrases {
  locale: string;
  where(stationId: string, evseId: number): string;
  wait(minutes: number | null, around: string): string;
  subject: Record<NotificationEvent, string>;
  text: Record<NotificationEvent, (e: QueueEntry, say: Say) => string>;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    locale: 'en-GB',
    where: (s, n) => `charging point ${s} (connector ${n})`,
    wait: (m, around) => (m === null ? 'We cannot estimate your wait yet: no charging point is in service.' : `Estimated wait: about ${m} min (around ${around}).`),
    subject: {
      joined: 'You are in the queue', update: 'Queue update', offer: 'Your charging point is ready', released: 'Charging point released',
      expired: 'Charging slot lost', completed: 'Charging complete',
    },
    text: {
      joined: (e, say) => `You are number ${e.position} in the queue. ${say.wait}`,
      update: (e, say) => `You are now number ${e.position} in the queue. ${say.wait}`,
      offer: (e, say) => `Your turn: ${say.where} is held for you until ${say.time(e.offer?.expiresAt)}. Plug in before then, or it goes to the next driver.`,
      released: (e, say) => `${say.where} is no longer held for you. You keep your place: number ${e.position} in the queue. ${say.wait}`,
      expired: (e, say) => `You did not plug in at ${say.where} by ${say.time(e.offer?.expiresAt)}: it went to the next driver` +
        (e.state === 'waiting' ? `. You are back in the queue, number ${e.position}.` : ' and you have left the queue.'),
      completed: (e, say) => `Your charge at ${say.where} is complete: ${say.kwh(e.charge?.energyWh ?? 0)} kWh supplied.`,
    },
  },
  fr: {
    locale: 'fr-FR',
    where: (s, n) => `borne ${s} (prise ${n})`,
    wait: (m, around) => (m === null ? "Attente impossible à estimer pour l'instant : aucune borne n'est en service." : `Attente estimée : environ ${m} min (vers ${around}).`),
    subject: {
      joined: "Vous êtes dans la file d'attente", update: "File d'attente : nouvelle estimation", offer: 'Votre borne est prête', released: 'Réservation libérée',
      expired: 'Créneau perdu', completed: 'Recharge terminée',
    },
    text: {
      joined: (e, say) => `Vous êtes n° ${e.position} dans la file d'attente. ${say.wait}`,
      update: (e, say) => `Vous êtes maintenant n° ${e.position} dans la file d'attente. ${say.wait}`,
      offer: (e, say) => `C'est votre tour : la ${say.where} vous est réservée jusqu'à ${say.time(e.offer?.expiresAt)}. Branchez-vous avant, sinon elle passera au conducteur suivant.`,
      released: (e, say) => `La ${say.where} ne vous est plus réservée. Vous gardez votre place : n° ${e.position} dans la file. ${say.wait}`,
      expired: (e, say) => `Vous ne vous êtes pas branché à la ${say.where} avant ${say.time(e.offer?.expiresAt)} : elle est passée au conducteur suivant` +
        (e.state === 'waiting' ? `. Vous êtes de retour dans la file, n° ${e.position}.` : ' et vous avez quitté la file.'),
      completed: (e, say) => `Votre recharge à la ${say.where} est terminée : ${say.kwh(e.charge?.energyWh ?? 0)} kWh fournis.`,
    },
  },
};

/**
 * The messages for one queue event, one per channel the driver gave; none when there is nothing to tell (a hold
 * released because the driver skipped, left or plugged in elsewhere: they did it themselves).
 */
export function notification(event: NotificationEvent, entry: QueueEntry, language: Language = entry.language, options: NotificationOptions = {}): Notification[] {
  if (event === 'released' && entry.state !== 'waiting') return [];
  const p = PHRASES[language] ?? PHRASES.en;
  const clock = new Intl.DateTimeFormat(p.locale, { timeZone: options.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const time = (at?: string) => (at ? clock.format(new Date(at)) : '?');
  const place = event === 'completed' ? entry.charge : entry.offer;
  const say: Say = {
    time,
    kwh: (wh) => new Intl.NumberFormat(p.locale, { maximumFractionDigits: 1 }).format(wh / 1000),
    where: place ? p.where(place.stationId, place.evseId) : '',
    wait: p.wait(entry.estimatedWaitMin, time(entry.expectedAt)),
  };
  const subject = p.subject[event];
  let text = p.text[event](entry, say);
  text = text.charAt(0).toUpperCase() + text.slice(1);
  const out: Notification[] = [];
  const { email, phone, push } = entry.contact ?? {};
  if (email) out.push({ channel: 'email', to: email, subject, text });
  if (phone) out.push({ channel: 'sms', to: phone, text });
  if (push) out.push({ channel: 'push', to: push, subject, text });
  return out;
}

/**
 * A notification as the node that sends it takes it: node-red-node-email's to, topic and payload; an SMS as the
 * alarm router shapes it for an HTTP gateway ({to, text}); a push as {to, title, body}.
 */
export function notificationMsg(n: Notification, event: NotificationEvent, entryId: string): Record<string, unknown> {
  const about = { channel: n.channel, event, entryId };
  if (n.channel === 'email') return { ...about, to: n.to, topic: n.subject, payload: n.text };
  if (n.channel === 'sms') return { ...about, topic: 'sms', to: n.to, payload: { to: n.to, text: n.text } };
  return { ...about, topic: 'push', to: n.to, payload: { to: n.to, title: n.subject, body: n.text } };
}
