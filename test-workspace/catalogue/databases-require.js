// CommonJS callers of database and cache drivers: `require`, callbacks, the span ended in a callback.
const { trace } = require('@opentelemetry/api');
const mysql = require('mysql');
const Memcached = require('memcached');
const mariadb = require('mariadb/callback');

const tracer = trace.getTracer('catalogue');
const pool = mysql.createPool({ host: 'mysql', user: 'app', database: 'legacy' });
const memcached = new Memcached('memcached:11211', { retries: 2 });
const maria = mariadb.createPool({ host: 'mariadb', user: 'app' });

function customerById(id, callback) {
  tracer.startActiveSpan('SELECT customers', (span) => { // expect: CLIENT
    pool.query('SELECT * FROM customers WHERE id = ?', [id], (error, rows) => {
      span.end();
      callback(error, rows && rows[0]);
    });
  });
}

function lockRow(id, callback) {
  const span = tracer.startSpan('SELECT FOR UPDATE'); // expect: CLIENT
  pool.getConnection((error, connection) => {
    if (error) return callback(error);
    connection.query('SELECT * FROM accounts WHERE id = ? FOR UPDATE', [id], (err, rows) => {
      connection.release();
      span.end();
      callback(err, rows);
    });
  });
}

function cachedPage(path, callback) {
  tracer.startActiveSpan('memcached get', (span) => { // expect: CLIENT
    memcached.get(`page:${path}`, (error, data) => {
      span.end();
      callback(error, data);
    });
  });
}

function mariaPing(callback) {
  tracer.startActiveSpan('mariadb ping', (span) => { // expect: CLIENT
    maria.query('SELECT 1', (error) => {
      span.end();
      callback(error);
    });
  });
}

module.exports = { customerById, lockRow, cachedPage, mariaPing };
