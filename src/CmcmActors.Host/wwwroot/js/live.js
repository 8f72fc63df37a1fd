// The live connection to /hubs/cmcm (SignalR browser client, loaded by the page as window.signalR).
// Pushes are notifications: after every (re)connection the page re-reads what it shows through the API, and also when
// a push was missed (docs/live.md, "Push numbers and gaps": every push of a member or family is numbered in its stream) or the host
// says pushes may have been lost (the 'resync' event: a host of the cluster died, a queue overflowed).

const retryDelays = [0, 2000, 5000, 10000, 20000, 30000];

/** The pushes that carry a stream and a sequence number. */
export const sequencedEvents = ['claimStatusChanged', 'capsChanged', 'familyChanged', 'coverStarts'];

/**
 * Gap detection over the numbered pushes. Each push names its stream ('member:M-1', 'family:F-1') and its number,
 * 1 more than the stream's push before. A number that skips means pushes were lost: onGap({ stream, expected,
 * received }) is called. A read that says where streams stood (the Cmcm-Push-Sequence header of the claim lists,
 * 'member:M-1=17, member:M-2=4') gives the starting point, so a push lost right after the read is noticed too; without
 * one, the first push heard is the starting point. Pushes at or below the last number are repeats and are ignored.
 */
export class PushSequences {
    constructor(onGap) {
        this.onGap = onGap;
        this.streams = new Map();
    }

    /** A numbered push; false when it repeats one already heard (or read). */
    push(stream, sequence) {
        if (!stream || !(sequence > 0)) return true;
        const known = this.streams.get(stream);
        if (!known) {
            this.streams.set(stream, { last: sequence, first: sequence, anchored: false });
            return true;
        }
        if (sequence <= known.last) return false;
        if (sequence > known.last + 1) this.onGap({ stream, expected: known.last + 1, received: sequence });
        known.last = sequence;
        return true;
    }

    /** Where streams stood when a read was made: the Cmcm-Push-Sequence header. */
    expect(header) {
        for (const part of String(header ?? '').split(',')) {
            const at = part.lastIndexOf('=');
            const stream = part.slice(0, at).trim();
            const sequence = Number(part.slice(at + 1));
            if (at < 1 || !Number.isInteger(sequence) || sequence < 0) continue;
            const known = this.streams.get(stream);
            if (!known) {
                this.streams.set(stream, { last: sequence, first: sequence + 1, anchored: true });
                continue;
            }
            // Pushes heard before this first read started after the read's number: those between were lost.
            if (!known.anchored && known.first > sequence + 1) this.onGap({ stream, expected: sequence + 1, received: known.first });
            known.anchored = true;
            known.last = Math.max(known.last, sequence);
        }
    }

    /** Forgets every stream (after a reconnection, when the page re-reads everything). */
    reset() {
        this.streams.clear();
    }
}

/**
 * Connects and keeps connected. join(connection) joins the page's groups (again after each reconnection: groups
 * belong to a connection); resync() re-reads the page; status(state) receives connecting, live, reconnecting, offline.
 * follows(stream) says which streams the page hears whole (default: all; a page that joined only members hears its
 * family's cover starts but not the family's other pushes, so it follows 'member:' streams only); a gap in one of them
 * calls onGap(gap) (default: resync, one at a time). A 'resync' from the host (pushes may have been lost on their way)
 * re-reads too, after a random pause of up to resyncSpreadMs so that a host's pages do not all read at the same
 * instant. The returned expect(header) takes a read's Cmcm-Push-Sequence.
 */
export function connectLive({ token, handlers, join, resync, status, follows = () => true, onGap, resyncSpreadMs = 1000 }) {
    const signalR = window.signalR;
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/cmcm', { accessTokenFactory: token })
        .withAutomaticReconnect(retryDelays)
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    let resyncing = null;
    let again = false;
    const resyncOnce = async () => {
        if (resyncing) {
            again = true;
            return resyncing;
        }
        resyncing = (async () => {
            do {
                again = false;
                await resync();
            } while (again);
        })();
        try {
            await resyncing;
        } finally {
            resyncing = null;
        }
    };
    const sequences = new PushSequences(onGap ?? (() => { resyncOnce(); }));

    for (const event of new Set([...Object.keys(handlers), ...sequencedEvents])) {
        const handler = handlers[event];
        connection.on(event, (message) => {
            if (message && follows(message.stream ?? '')) sequences.push(message.stream, message.sequence);
            if (handler) handler(message);
        });
    }

    connection.on('resync', () => {
        setTimeout(() => { resyncOnce(); }, Math.random() * resyncSpreadMs);
    });

    let stopped = false;

    const joined = async () => {
        try {
            await join(connection);
            status('live');
        } catch (error) {
            status('offline', error?.message ?? String(error));
            return;
        }
        sequences.reset();
        await resyncOnce();
    };

    connection.onreconnecting(() => status('reconnecting'));
    connection.onreconnected(joined);
    connection.onclose(() => {
        if (stopped) return;
        status('offline');
        setTimeout(start, 5000);
    });

    async function start() {
        if (stopped) return;
        status('connecting');
        try {
            await connection.start();
        } catch {
            status('offline');
            setTimeout(start, 5000);
            return;
        }
        await joined();
    }

    start();
    return {
        connection,
        sequences,
        expect: (header) => sequences.expect(header),
        stop: async () => {
            stopped = true;
            await connection.stop();
        },
    };
}

const statusWords = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
};

/** Shows the connection state in a pill element. */
export function showLiveStatus(element, state, detail) {
    element.className = `pill status-${state}`;
    element.textContent = statusWords[state] ?? state;
    element.title = detail ?? '';
    element.dataset.state = state;
}
