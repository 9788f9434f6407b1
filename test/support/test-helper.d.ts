declare module 'node-red-node-test-helper' {
  interface TestNode {
    id: string;
    on(event: string, listener: (...args: any[]) => void): void;
    receive(msg: Record<string, unknown>): void;
    status: { (s: unknown): void; lastCall?: { args: any[] }; args: any[][]; called: boolean };
    error: any;
    warn: any;
    [key: string]: any;
  }
  const helper: {
    init(nodeRedPath: string, settings?: Record<string, unknown>): void;
    startServer(done?: () => void): Promise<void>;
    stopServer(done?: () => void): Promise<void>;
    load(nodes: unknown, flow: unknown[], credentials?: Record<string, unknown>): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): TestNode;
    settings(s: Record<string, unknown>): void;
    request(): any;
    log(): any;
  };
  export default helper;
}
