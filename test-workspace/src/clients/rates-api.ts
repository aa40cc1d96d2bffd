// Thin, uninstrumented clients of the currency-rates service: spans around their callers decide the kind.
import axios from 'axios';

const RATES_URL = process.env.RATES_URL ?? 'http://rates.internal:8080';

export async function fetchExchangeRate(base: string, quote: string): Promise<number> {
  const response = await fetch(`${RATES_URL}/rates/${base}/${quote}`);
  if (!response.ok) throw new Error(`rates service returned ${response.status}`);
  return ((await response.json()) as { rate: number }).rate;
}

export class RatesClient {
  private readonly http = axios.create({ baseURL: RATES_URL, timeout: 2_000 });

  async listCurrencies(): Promise<string[]> {
    const { data } = await this.http.get<string[]>('/currencies');
    return data;
  }
}
