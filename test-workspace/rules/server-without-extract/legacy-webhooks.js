'use strict'
// Carrier webhooks on plain node:http (CommonJS, no semicolons).
const http = require('node:http')
const { trace, SpanKind } = require('@opentelemetry/api')

const tracer = trace.getTracer('webhooks')

const server = http.createServer((req, res) => {
  tracer.startActiveSpan('POST /webhooks', { kind: SpanKind.SERVER }, (span) => { // expect: @server-without-extract
    try {
      res.writeHead(204).end()
    } finally {
      span.end()
    }
  })
})

module.exports = { server }
