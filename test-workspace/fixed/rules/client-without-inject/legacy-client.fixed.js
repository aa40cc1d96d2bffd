'use strict'
// The billing client on node:https (CommonJS, no semicolons).
const https = require('node:https')
const { trace, SpanKind, propagation, context } = require('@opentelemetry/api')

const tracer = trace.getTracer('billing-client')

function postInvoice(invoice) {
  return tracer.startActiveSpan('POST /invoices', { kind: SpanKind.CLIENT }, (span) => new Promise((resolve, reject) => { // expect: @client-without-inject
    const body = JSON.stringify(invoice)
    const traceHeaders = {}
    propagation.inject(context.active(), traceHeaders)
    const req = https.request('https://billing.internal/invoices', { method: 'POST', headers: { 'content-type': 'application/json', ...traceHeaders } }, (res) => {
      res.resume()
      res.on('end', () => {
        span.end()
        resolve(res.statusCode)
      })
    })
    req.on('error', (error) => {
      span.end()
      reject(error)
    })
    req.end(body)
  }))
}

module.exports = { postInvoice }
