import net from 'node:net';
import http from 'node:http';
it('debug', async () => {
  const server = http.createServer((req, res) => { console.log('REQ', req.method, req.url); res.end('hi'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  for (const head of [`POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n`, `POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc`, `GET /c HTTP/1.1\r\nHost: x\r\n\r\n`]) {
    const s = net.connect(port, '127.0.0.1');
    s.on('data', (d) => console.log('DATA', String(d).slice(0, 40)));
    s.write(head);
    await new Promise((r) => setTimeout(r, 300));
    s.destroy();
  }
  server.close();
});
