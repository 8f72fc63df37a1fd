// The live connection to /hubs/cmcm (SignalR browser client, loaded by the page as window.signalR).
// Pushes are notifications: after every (re)connection the page re-reads what it shows through the API.

const retryDelays = [0, 2000, 5000, 10000, 20000, 30000];

/**
 * Connects and keeps connected. join(connection) joins the page's groups (again after each reconnection: groups
 * belong to a connection); resync() re-reads the page; status(state) receives connecting, live, reconnecting, offline.
 */
export function connectLive({ token, handlers, join, resync, status }) {
    const signalR = window.signalR;
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/cmcm', { accessTokenFactory: token })
        .withAutomaticReconnect(retryDelays)
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    for (const [event, handler] of Object.entries(handlers)) {
        connection.on(event, handler);
    }

    let stopped = false;

    const joined = async () => {
        try {
            await join(connection);
            status('live');
        } catch (error) {
            status('offline', error?.message ?? String(error));
            return;
        }
        await resync();
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
