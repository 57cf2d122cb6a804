// The data files card of the problem editor: what every run and test finds in its working directory.
import type { FC } from "hono/jsx";
import type { DataFileInfo } from "../../../models/problem-data-files.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { EmptyState, ListCard } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";

const size = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KiB`);

export const DataFilesCard: FC<{ problemId: number; files: DataFileInfo[] }> = ({ problemId, files }) => {
  const base = `/manage/problems/${problemId}/data-files`;
  return (
    <div id="data-files">
      <ListCard
        title="Data files"
        counted
        items={files}
        actions={
          <form method="post" action={base} enctype="multipart/form-data" class="data-file-form">
            <input type="file" name="file" required aria-label="Data file to add" />
            <button type="submit" class="btn btn-secondary btn-sm">
              <Icon name="upload" size={16} /> Upload
            </button>
          </form>
        }
        empty={
          <EmptyState icon="file" title="No data files">
            <p>
              Files added here are in the working directory of every run and test, read-only for the program
              (text or binary, up to 960 KiB each).
            </p>
          </EmptyState>
        }
      >
        <ul class="plain-list">
          {files.map((f) => (
            <li class="data-file-row">
              <span>
                <Icon name="file" size={16} /> <code>{f.name}</code> <span class="muted">{size(f.size)}</span>
              </span>
              <ActionButton
                action={`${base}/delete?name=${encodeURIComponent(f.name)}`}
                tone="danger"
                small
                confirm={`Remove ${f.name}?`}
              >
                Remove
              </ActionButton>
            </li>
          ))}
        </ul>
      </ListCard>
    </div>
  );
};
