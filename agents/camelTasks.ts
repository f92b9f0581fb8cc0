/**
 * Built-in CAMEL role-play tasks. Each names the two roles as CAMEL does (an AI
 * user with domain expertise instructs an AI assistant with the skills), the
 * task, the steps that make up its goal (one instruction each), and the task
 * vocabulary that an on-task conversation uses.
 */
export interface CamelTask {
  readonly id: string;
  readonly title: string;
  readonly domain: string;
  readonly user: { readonly name: string; readonly description: string };
  readonly assistant: { readonly name: string; readonly description: string };
  readonly steps: readonly string[];
  readonly vocabulary: readonly string[];
}

export const camelTasks: readonly CamelTask[] = [
  {
    id: 'trading-bot',
    title: 'Develop a trading bot for the stock market',
    domain: 'finance',
    user: { name: 'Stock Trader', description: 'An experienced trader who knows what a good trading strategy needs.' },
    assistant: { name: 'Python Programmer', description: 'A programmer who writes working Python code.' },
    steps: [
      'install the market data and backtesting libraries',
      'fetch daily price history for the chosen tickers',
      'compute short and long moving averages of the closing price',
      'generate buy and sell signals from the moving average crossover',
      'backtest the crossover strategy on the price history',
      'report the strategy returns and maximum drawdown',
    ],
    vocabulary: ['price', 'ticker', 'moving', 'average', 'signal', 'backtest', 'returns', 'drawdown', 'crossover', 'pandas', 'portfolio', 'order'],
  },
  {
    id: 'clinic-scheduler',
    title: 'Build an appointment scheduler for a small medical clinic',
    domain: 'healthcare',
    user: { name: 'Clinic Manager', description: 'The manager of a small clinic who knows how appointments really work.' },
    assistant: { name: 'Software Engineer', description: 'An engineer who designs and writes reliable scheduling software.' },
    steps: [
      'define the appointment and doctor data model',
      'store the weekly availability of each doctor',
      'book an appointment in a free slot without double booking',
      'send a reminder to the patient one day before the appointment',
      'list the daily schedule for each doctor',
    ],
    vocabulary: ['appointment', 'doctor', 'patient', 'slot', 'schedule', 'availability', 'booking', 'reminder', 'calendar', 'clinic'],
  },
  {
    id: 'lesson-plan',
    title: 'Design a one-week lesson plan that teaches fractions to ten-year-olds',
    domain: 'education',
    user: { name: 'Primary School Teacher', description: 'A teacher who knows the class and what ten-year-olds can do.' },
    assistant: { name: 'Instructional Designer', description: 'A designer of lessons, exercises and assessments.' },
    steps: [
      'state the learning objectives for fractions this week',
      'plan a hands-on introduction to fractions with pizza slices',
      'write practice exercises comparing and ordering fractions',
      'design a group activity adding fractions with like denominators',
      'prepare a short quiz to assess understanding of fractions',
    ],
    vocabulary: ['fraction', 'lesson', 'objective', 'exercise', 'denominator', 'numerator', 'quiz', 'students', 'activity', 'classroom'],
  },
  {
    id: 'marketing-plan',
    title: 'Write a launch marketing plan for a neighbourhood bakery',
    domain: 'marketing',
    user: { name: 'Bakery Owner', description: 'The owner of a new bakery who knows its customers and budget.' },
    assistant: { name: 'Marketing Specialist', description: 'A specialist who plans campaigns that bring customers in.' },
    steps: [
      'describe the target customers of the bakery',
      'choose the launch channels and the campaign budget',
      'write the opening day offer and the flyer text',
      'plan the social media posts for the launch week',
      'define how to measure the campaign results',
    ],
    vocabulary: ['bakery', 'customers', 'campaign', 'budget', 'launch', 'flyer', 'offer', 'social', 'media', 'bread', 'pastry'],
  },
  {
    id: 'sales-dashboard',
    title: 'Analyse a year of sales data and build a dashboard for the sales team',
    domain: 'data',
    user: { name: 'Sales Director', description: 'A director who knows which numbers the sales team needs.' },
    assistant: { name: 'Data Analyst', description: 'An analyst who cleans data, computes metrics and builds charts.' },
    steps: [
      'load the sales records and clean missing values',
      'compute monthly revenue per region',
      'find the top ten products by revenue',
      'chart the revenue trend with a monthly line chart',
      'assemble the charts into a dashboard for the sales team',
    ],
    vocabulary: ['sales', 'revenue', 'region', 'product', 'monthly', 'chart', 'dashboard', 'records', 'metric', 'trend'],
  },
];

/** The token that ends a CAMEL conversation (CAMEL's `<CAMEL_TASK_DONE>`). */
export const CAMEL_DONE_TOKEN = '<CAMEL_TASK_DONE>';

/**
 * How a step counts as done: an instruction targets a step when it covers this
 * share of the step's content words, and the solution that follows addresses
 * it when it covers this share. The world credits steps by these; the
 * synthetic model judges its own progress by the same protocol.
 */
export const CAMEL_STEP_MATCH: { readonly instruction: number; readonly solution: number } = { instruction: 0.5, solution: 0.4 };
