/**
 * The read-only `examples`.`marketplace` database every environment sees: clicks, customers,
 * orders and products with the columns and value ranges of Confluent's example data. Each is a
 * view over a temporary `datagen` table of the session, so INSERT and DDL on it fail and its
 * rows are generated as they are read (a few per second, unbounded).
 *
 * Every example has `$rowtime`, the time its row was generated, with the watermark Confluent
 * gives its examples: the largest `$rowtime` seen. `customers` and `products` are keyed as
 * Confluent's are (customer_id, product_id): each view keeps the latest row per key, so it is
 * a versioned table (an updating stream with a primary key and event time) and a join with
 * `orders` meets one version of a customer, not every row ever generated for its id.
 */
const SOURCE = 'default_catalog.default_database';

/** How an example's datagen source appears in a plan, so plan checks know it is built in. */
export const EXAMPLE_SOURCES = ['default_catalog, default_database, cflink_examples_'];
const RATE = 5;

function pick(column: string, values: string[]): string {
  const cases = values.map((v, i) => `WHEN ${i} THEN '${v.replace(/'/g, "''")}'`).join(' ');
  return `CASE ${column} ${cases} END`;
}

function ints(fields: Record<string, [number, number]>): { columns: string; options: string } {
  const columns = Object.keys(fields)
    .map((f) => `\`${f}\` INT`)
    .join(', ');
  const options = Object.entries(fields)
    .map(([f, [min, max]]) => `'fields.${f}.min' = '${min}', 'fields.${f}.max' = '${max}'`)
    .join(', ');
  return { columns, options };
}

/** The generation time as `$rowtime`; the watermark is the largest seen, as on Confluent's examples. */
const ROWTIME = '`$rowtime` AS CAST(CURRENT_TIMESTAMP AS TIMESTAMP_LTZ(3)), WATERMARK FOR `$rowtime` AS `$rowtime`';

function source(name: string, columns: string, options: string): string {
  return `CREATE TEMPORARY TABLE ${SOURCE}.\`cflink_examples_${name}\` (${columns}, ${ROWTIME}) WITH ('connector' = 'datagen', 'rows-per-second' = '${RATE}', ${options})`;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Wirth'];
const STREETS = ['Main Street', 'Elm Avenue', 'Harbour Road', 'Mill Lane', 'Station Road', 'Park Drive'];
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Georgetown', 'Salem', 'Franklin', 'Clinton', 'Madison'];
const BRANDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'];
const VENDORS = ['Amazing Goods', 'Best Supply', 'Cornerstore', 'Direct Depot', 'Everything Inc'];
const DEPARTMENTS = ['books', 'electronics', 'garden', 'grocery', 'home', 'outdoors', 'sports', 'toys'];
const ADJECTIVES = ['Small', 'Large', 'Ergonomic', 'Rustic', 'Sleek', 'Practical', 'Durable', 'Incredible'];
const NOUNS = ['Chair', 'Lamp', 'Keyboard', 'Bottle', 'Backpack', 'Watch', 'Table', 'Kettle'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];

const letters = ['l1', 'l2', 'l3', 'l4', 'l5'];
const clicks = ints({
  user_id: [3000, 5000],
  view_time: [10, 120],
  ua: [0, AGENTS.length - 1],
  ...Object.fromEntries(letters.map((l) => [l, [97, 122] as [number, number]])),
});
const customers = ints({
  customer_id: [3000, 3250],
  f: [0, FIRST.length - 1],
  l: [0, LAST.length - 1],
  house: [1, 999],
  street: [0, STREETS.length - 1],
  postcode: [10000, 99999],
  city: [0, CITIES.length - 1],
});
const orders = ints({ customer_id: [3000, 3250], product_id: [1000, 1500] });
const products = ints({
  product_id: [1000, 1500],
  adj: [0, ADJECTIVES.length - 1],
  noun: [0, NOUNS.length - 1],
  brand: [0, BRANDS.length - 1],
  vendor: [0, VENDORS.length - 1],
  department: [0, DEPARTMENTS.length - 1],
});

const view = (name: string, select: string) =>
  `CREATE VIEW examples.marketplace.\`${name}\` AS SELECT ${select}, \`$rowtime\` FROM ${SOURCE}.\`cflink_examples_${name}\``;

/** A view keyed by `key`: the latest row per key by `$rowtime` (Flink takes it for a versioned table). */
const keyedView = (name: string, key: string, columns: string[], select: string) =>
  `CREATE VIEW examples.marketplace.\`${name}\` AS SELECT ${[...columns, '$rowtime'].map((c) => `\`${c}\``).join(', ')} FROM (SELECT ${select}, \`$rowtime\`, ROW_NUMBER() OVER (PARTITION BY \`${key}\` ORDER BY \`$rowtime\` DESC) AS \`row_num\` FROM ${SOURCE}.\`cflink_examples_${name}\`) WHERE \`row_num\` = 1`;

export const EXAMPLE_TABLES: { name: string; source: string; view: string }[] = [
  {
    name: 'clicks',
    source: source('clicks', clicks.columns, clicks.options),
    view: view(
      'clicks',
      `CAST(UUID() AS STRING) AS click_id, user_id, CONCAT('https://www.acme.com/product/', ${letters.map((l) => `CHR(${l})`).join(', ')}) AS url, ${pick('ua', AGENTS)} AS user_agent, view_time`,
    ),
  },
  {
    name: 'customers',
    source: source('customers', customers.columns, customers.options),
    view: keyedView(
      'customers',
      'customer_id',
      ['customer_id', 'name', 'address', 'postcode', 'city', 'email'],
      `customer_id, CONCAT(${pick('f', FIRST)}, ' ', ${pick('l', LAST)}) AS name, CONCAT(CAST(house AS STRING), ' ', ${pick('street', STREETS)}) AS address, CAST(postcode AS STRING) AS postcode, ${pick('city', CITIES)} AS city, LOWER(CONCAT(${pick('f', FIRST)}, '.', ${pick('l', LAST)}, '@example.com')) AS email`,
    ),
  },
  {
    name: 'orders',
    source: source(
      'orders',
      `${orders.columns}, \`price\` DOUBLE`,
      `${orders.options}, 'fields.price.min' = '0', 'fields.price.max' = '100'`,
    ),
    view: view('orders', 'CAST(UUID() AS STRING) AS order_id, customer_id, product_id, ROUND(price, 2) AS price'),
  },
  {
    name: 'products',
    source: source('products', products.columns, products.options),
    view: keyedView(
      'products',
      'product_id',
      ['product_id', 'name', 'brand', 'vendor', 'department'],
      `product_id, CONCAT(${pick('adj', ADJECTIVES)}, ' ', ${pick('noun', NOUNS)}) AS name, ${pick('brand', BRANDS)} AS brand, ${pick('vendor', VENDORS)} AS vendor, ${pick('department', DEPARTMENTS)} AS department`,
    ),
  },
];
