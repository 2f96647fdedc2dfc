import type { HeatmapCell } from '@contract/analytics';
import { CsvButton } from './CsvButton';
import { count, WEEKDAYS } from './figures';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** A cell's colour: the accent, stronger as the hour is busier; white text on the strongest. */
function tone(chats: number, most: number): { background?: string; color?: string } {
  if (chats === 0 || most === 0) return {};
  const strength = 0.12 + 0.88 * (chats / most);
  return { background: `rgba(31, 95, 191, ${strength.toFixed(3)})`, color: strength > 0.55 ? '#fff' : undefined };
}

/** Chats started per weekday and hour (in the chosen time zone), as a table whose cells are coloured by demand. */
export function Heatmap({ cells, fileStem, tz }: { cells: HeatmapCell[]; fileStem: string; tz: string }) {
  const most = Math.max(0, ...cells.map((c) => c.chats));
  const at = (weekday: number, hour: number) => cells[weekday * 24 + hour]?.chats ?? 0;
  return (
    <section className="analytics-card" aria-labelledby="heatmap-title">
      <div className="card-head">
        <h2 id="heatmap-title">When chats start</h2>
        <CsvButton
          what="weekday and hour" filename={`${fileStem}.csv`}
          header={['weekday', 'weekday_name', 'hour', 'chats']}
          rows={() => cells.map((c) => [c.weekday, WEEKDAYS[c.weekday]!, c.hour, c.chats])}
        />
      </div>
      <p className="hint">Chats started in each hour of the week, in {tz}. The darker the cell, the busier the hour.</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="When chats start, table">
        <table className="heatmap">
          <caption className="visually-hidden">Chats started per weekday (rows) and hour of the day (columns), in {tz}</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((hour) => <th key={hour} scope="col" aria-label={`${hour}:00`}>{hour}</th>)}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((name, weekday) => (
              <tr key={name}>
                <th scope="row"><abbr title={name}>{name.slice(0, 3)}</abbr></th>
                {HOURS.map((hour) => {
                  const chats = at(weekday, hour);
                  return (
                    <td key={hour} style={tone(chats, most)} className={chats === 0 ? 'none' : undefined}
                      title={`${name} ${hour}:00–${hour + 1}:00: ${count(chats)} ${chats === 1 ? 'chat' : 'chats'}`}>
                      {chats}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
