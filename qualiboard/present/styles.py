"""Style sheets the pages add: printing on A4, a French file drop zone. Plain text, no Streamlit."""

PRINT_A4 = """
        <style>
        @media print {
          @page { size: A4; margin: 14mm; }
          [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
          [data-testid="stSidebarCollapsedControl"], .stButton, .stDownloadButton,
          [data-testid="stForm"], [data-testid="stExpander"],
          [data-testid="stCheckbox"] { display: none !important; }
          [data-testid="stMain"] .block-container { padding: 0 !important; max-width: 100% !important; }
          body { font-size: 11pt; }
        }
        </style>
        """

FRENCH_DROP_ZONE = """
        <style>
        [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
          font-size: 0;
        }
        [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
          content: "Parcourir"; font-size: 0.875rem;
        }
        [data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
        [data-testid="stFileUploaderDropzoneInstructions"] span::after {
          content: "ou glissez vos fichiers ici · 100 Mo au plus par fichier · xlsx, xlsm, xls, ods, csv, txt";
          font-size: 0.875rem;
        }
        /* Below each dropped file's name Streamlit writes its size in English (« 259.0B »): the
           page says it in French under the file's heading instead. */
        [data-testid="stFileChipName"] + * { display: none; }
        </style>
        """

# Overview cards: one CSS grid, so every card of a row has the same height, a row wraps to fewer
# columns on narrow screens, and no text leaves its card (long words wrap, never break inside).
OVERVIEW_CARDS = """
        <style>
        .qb-heading { font-size: 1.5rem; font-weight: 600; line-height: 1.2;
          margin: 0; padding: 1.25rem 0 1rem; }
        .qb-grid { display: grid; gap: 1rem;
          grid-template-columns: repeat(auto-fill, minmax(min(100%, 280px), 1fr)); }
        .qb-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
          padding: 0.9rem 1rem; display: flex; flex-direction: column; gap: 0.35rem;
          min-width: 0; overflow: hidden; background: #fff; }
        .qb-card * { overflow-wrap: break-word; word-break: normal; hyphens: manual;
          max-width: 100%; }
        .qb-title { font-weight: 700; line-height: 1.3; }
        .qb-engagement { color: #555; font-size: 0.85rem; }
        .qb-figure { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.6rem; }
        .qb-value { font-size: 1.7rem; font-weight: 700; white-space: nowrap; }
        .qb-margin { color: #444; white-space: nowrap; }
        .qb-chip { display: inline-block; color: #000; padding: 2px 10px; border-radius: 10px;
          font-weight: 600; font-size: 0.85rem; line-height: 1.4; }
        .qb-meta { font-size: 0.9rem; }
        .qb-small { color: #555; font-size: 0.8rem; }
        /* A card's curve is its band of one picture (present/sparkline.py), printed too. */
        .qb-spark { width: 100%; height: 44px; display: block; margin-top: auto;
          background-repeat: no-repeat; -webkit-print-color-adjust: exact;
          print-color-adjust: exact; }
        .qb-link { font-size: 0.9rem; }
        .qb-counts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0.5rem 0 1rem; }
        .qb-count { padding-left: 8px; min-width: 8rem; }
        /* On paper a module's heading stays with its first cards, and no card is cut in two. */
        @media print {
          .qb-heading { break-after: avoid; }
          .qb-card { break-inside: avoid; }
        }
        </style>
        """

# Streamlit's own English: the « Running… » indicator (the page's spinners say what is computed,
# in French) and the toolbar's « Stop ».
FRENCH_CHROME = """
        <style>
        [data-testid="stStatusWidget"] { visibility: hidden; }
        /* While the page reruns (a filter just changed), its previous elements stay on screen,
           faded: a download button among them would give the previous filter's file. It cannot
           be pressed until the run has drawn it again. */
        [data-stale="true"] [data-testid="stDownloadButton"] { pointer-events: none; }
        /* A long expander title or button label wraps on a phone instead of ending in « … ». */
        [data-testid="stExpander"] summary .stMarkdownEllipsis,
        [data-testid="stExpander"] summary p,
        button .stMarkdownEllipsis, button .stMarkdownEllipsis p {
          white-space: normal !important; overflow: visible !important;
          text-overflow: clip !important;
        }
        </style>
        """
