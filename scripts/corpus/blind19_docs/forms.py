DOCS=[]
