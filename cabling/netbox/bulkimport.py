def read_bulk_folder(path): raise NotImplementedError
