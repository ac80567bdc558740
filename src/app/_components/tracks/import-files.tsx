"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type DragEvent, useId, useRef, useState } from "react";
import { useI18n } from "~/lib/i18n/client";

type Upload =
  | { key: string; name: string; status: "queued" }
  | { key: string; name: string; status: "uploading"; progress: number }
  | { key: string; name: string; status: "processing" }
  | { key: string; name: string; status: "done"; tracks: Array<{ id: string; title: string }> }
  | { key: string; name: string; status: "error"; message: string };

interface ImportReply {
  tracks?: Array<{ id: string; title: string }>;
  message?: string;
}

/** One file, one request (so one broken file never blocks the others), with the upload's progress. */
function uploadFile(
  eventId: string,
  locale: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ ok: boolean; reply: ImportReply }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve({ ok: xhr.status === 201, reply: (xhr.response ?? {}) as ImportReply });
    xhr.onerror = () => reject(new Error("network"));
    const form = new FormData();
    form.append("event_id", eventId);
    // Titles made up for files without a name (FIT, TCX) in the organiser's language.
    form.append("locale", locale);
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/**
 * Drag and drop (or choose) GPX, TCX, FIT and zip files: each becomes a track of the event, with a progress
 * bar per file and the server's own per-file error when a file is broken or empty.
 */
export function ImportFiles({ eventId, eventBase }: { eventId: string; eventBase: string }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);

  const update = (key: string, next: Upload) =>
    setUploads((list) => list.map((u) => (u.key === key ? next : u)));

  async function importAll(files: File[]) {
    const batch = files.map((file, i) => ({ file, key: `${Date.now()}-${i}-${file.name}` }));
    setUploads((list) => [
      ...batch.map(({ file, key }) => ({ key, name: file.name, status: "queued" as const })),
      ...list,
    ]);
    let imported = 0;
    for (const { file, key } of batch) {
      const name = file.name;
      update(key, { key, name, status: "uploading", progress: 0 });
      try {
        const { ok, reply } = await uploadFile(eventId, locale, file, (progress) =>
          update(key, { key, name, status: progress >= 1 ? "processing" : "uploading", progress } as Upload),
        );
        if (ok && reply.tracks) {
          imported += reply.tracks.length;
          update(key, { key, name, status: "done", tracks: reply.tracks });
        } else {
          update(key, { key, name, status: "error", message: reply.message ?? t.imports.failed });
        }
      } catch {
        update(key, { key, name, status: "error", message: t.imports.networkError });
      }
    }
    if (imported > 0) router.refresh();
  }

  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) void importAll(files);
  };

  return (
    <section
      className={`card dropzone${dragging ? " dropzone--active" : ""}`}
      aria-labelledby={`${inputId}-title`}
      data-testid="import-files"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="dropzone__head">
        <div>
          <h2 id={`${inputId}-title`}>{t.imports.title}</h2>
          <p className="muted small">{dragging ? t.imports.dropHere : t.imports.hint}</p>
        </div>
        <label className="btn" htmlFor={inputId}>
          ⤒ {t.imports.choose}
        </label>
        <input
          ref={input}
          id={inputId}
          className="visually-hidden"
          type="file"
          multiple
          accept=".gpx,.tcx,.fit,.zip,.gz,application/gpx+xml,application/zip"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (input.current) input.current.value = "";
            if (files.length > 0) void importAll(files);
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className={`upload upload--${u.status}`} data-testid="upload">
              <span className="upload__name">{u.name}</span>
              {u.status === "queued" && <span className="muted small">{t.imports.queued}</span>}
              {u.status === "uploading" && (
                <progress max={1} value={u.progress} aria-label={`${t.imports.uploading} ${u.name}`} />
              )}
              {u.status === "processing" && <span className="muted small">{t.imports.processing}</span>}
              {u.status === "done" && (
                <span className="small">
                  ✓ {u.tracks.length} {t.imports.imported}
                  {u.tracks.map((track) => (
                    <Link key={track.id} href={`${eventBase}/tracks/${track.id}`} className="upload__link">
                      {track.title}
                    </Link>
                  ))}
                </span>
              )}
              {u.status === "error" && (
                <span className="error-text small" role="alert">
                  {t.imports.failed}: {u.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
