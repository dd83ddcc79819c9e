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
        </style>
        """
